package tw.kuayu.security.personaldata;

import java.util.Collection;
import java.util.List;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/** The sealer's reads and writes: rows not yet sealed, rows sealed with a key other than the current one. */
@Mapper
interface PersonalDataMapper {

    String HANDLER = "tw.kuayu.security.personaldata.PersonalDataTypeHandlers$";

    /** A case's personal data as stored: {@code nationalId} and {@code data} clear (legacy) or sealed. */
    record CaseRow(String id, String nationalId, String data) {
    }

    /** An evidence snapshot as stored. */
    record EvidenceRow(String id, String data) {
    }

    /** A matching item's personal data as stored (changelog 016): clear (before 016) or sealed. */
    record MatchingItemRow(String jobId, int lineNo, String nationalId, String data) {
    }

    /** A consent statement as stored (changelog 016). */
    record ConsentRow(String caseId, String statement) {
    }

    /** Matching items not sealed with the current key, clear ones included ({@code prefix} = {@code enc:<current>:%}). */
    @Select("SELECT job_id, line_no, national_id, data_json AS data FROM kuayu_matching_item WHERE national_id NOT LIKE #{prefix} "
            + "OR data_json IS NOT NULL AND data_json NOT LIKE #{prefix} ORDER BY job_id, line_no FETCH FIRST #{limit} ROWS ONLY")
    List<MatchingItemRow> staleMatchingItems(@Param("prefix") String prefix, @Param("limit") int limit);

    @Update("UPDATE kuayu_matching_item SET national_id = #{nationalId, typeHandler=" + HANDLER + "Sealed}, "
            + "data_json = #{data, typeHandler=" + HANDLER + "Sealed} WHERE job_id = #{jobId} AND line_no = #{lineNo}")
    int sealMatchingItem(@Param("jobId") String jobId, @Param("lineNo") int lineNo, @Param("nationalId") String nationalId,
                         @Param("data") String data);

    /** Consent statements not sealed with the current key, clear ones included. */
    @Select("SELECT case_id, statement FROM kuayu_notification_consent WHERE statement IS NOT NULL AND statement NOT LIKE #{prefix} "
            + "ORDER BY case_id FETCH FIRST #{limit} ROWS ONLY")
    List<ConsentRow> staleConsents(@Param("prefix") String prefix, @Param("limit") int limit);

    @Update("UPDATE kuayu_notification_consent SET statement = #{statement, typeHandler=" + HANDLER + "Sealed} WHERE case_id = #{caseId}")
    int sealConsent(@Param("caseId") String caseId, @Param("statement") String statement);

    @Select("<script>SELECT COUNT(*) FROM kuayu_matching_item WHERE national_id LIKE 'enc:%'"
            + "<foreach item='p' collection='prefixes'> AND national_id NOT LIKE #{p}</foreach></script>")
    long matchingItemsSealedWithOtherKeys(@Param("prefixes") Collection<String> prefixes);

    @Select("<script>SELECT COUNT(*) FROM kuayu_notification_consent WHERE statement LIKE 'enc:%'"
            + "<foreach item='p' collection='prefixes'> AND statement NOT LIKE #{p}</foreach></script>")
    long consentsSealedWithOtherKeys(@Param("prefixes") Collection<String> prefixes);

    @Select("SELECT id, applicant_national_id AS national_id, data_json AS data FROM kuayu_case WHERE applicant_id_sealed IS NULL "
            + "ORDER BY id FETCH FIRST #{limit} ROWS ONLY")
    List<CaseRow> clearCases(int limit);

    @Select("SELECT id, data_json AS data FROM kuayu_evidence WHERE data_sealed IS NULL AND data_json IS NOT NULL "
            + "ORDER BY id FETCH FIRST #{limit} ROWS ONLY")
    List<EvidenceRow> clearEvidence(int limit);

    /** Cases whose sealed ID or data is not sealed with the current key ({@code prefix} = {@code enc:<current>:%}). */
    @Select("SELECT id, applicant_id_sealed AS national_id, data_sealed AS data FROM kuayu_case WHERE applicant_id_sealed IS NOT NULL "
            + "AND (applicant_id_sealed NOT LIKE #{prefix} OR data_sealed IS NOT NULL AND data_sealed NOT LIKE #{prefix}) "
            + "ORDER BY id FETCH FIRST #{limit} ROWS ONLY")
    List<CaseRow> staleCases(@Param("prefix") String prefix, @Param("limit") int limit);

    @Select("SELECT id, data_sealed AS data FROM kuayu_evidence WHERE data_sealed IS NOT NULL AND data_sealed NOT LIKE #{prefix} "
            + "ORDER BY id FETCH FIRST #{limit} ROWS ONLY")
    List<EvidenceRow> staleEvidence(@Param("prefix") String prefix, @Param("limit") int limit);

    /**
     * Writes a case's personal data sealed with the current key and empties the clear columns. A case's
     * national ID and data never change after intake, so two nodes sealing the same row write the same values.
     */
    @Update("UPDATE kuayu_case SET applicant_id_sealed = #{nationalId, typeHandler=" + HANDLER + "Sealed}, "
            + "applicant_id_hash = #{nationalId, typeHandler=" + HANDLER + "SearchHash}, "
            + "applicant_id_masked = #{nationalId, typeHandler=" + HANDLER + "Masked}, "
            + "data_sealed = #{data, typeHandler=" + HANDLER + "Sealed}, applicant_national_id = NULL, data_json = NULL WHERE id = #{id}")
    int sealCase(@Param("id") String id, @Param("nationalId") String nationalId, @Param("data") String data);

    @Update("UPDATE kuayu_evidence SET data_sealed = #{data, typeHandler=" + HANDLER + "Sealed}, data_json = NULL WHERE id = #{id}")
    int sealEvidence(@Param("id") String id, @Param("data") String data);

    /** Cases sealed with a key that is not one of {@code prefixes} ({@code enc:<id>:%} each): unreadable with this configuration. */
    @Select("<script>SELECT COUNT(*) FROM kuayu_case WHERE applicant_id_sealed IS NOT NULL"
            + "<foreach item='p' collection='prefixes'> AND applicant_id_sealed NOT LIKE #{p}</foreach></script>")
    long casesSealedWithOtherKeys(@Param("prefixes") Collection<String> prefixes);

    @Select("<script>SELECT COUNT(*) FROM kuayu_evidence WHERE data_sealed IS NOT NULL"
            + "<foreach item='p' collection='prefixes'> AND data_sealed NOT LIKE #{p}</foreach></script>")
    long evidenceSealedWithOtherKeys(@Param("prefixes") Collection<String> prefixes);
}
