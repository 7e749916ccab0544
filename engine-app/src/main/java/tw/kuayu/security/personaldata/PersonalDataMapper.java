package tw.kuayu.security.personaldata;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/**
 * The sealer's reads and writes: rows not sealed with the current key or not hashed with the current
 * search key (clear rows written before encryption included), read in batches in key order after the
 * last row of the previous batch; the sealer's state row and lease lock.
 * {@code prefix} is {@code enc:<current key>:%}, {@code hashPrefix} {@code <current search key>:%}.
 */
@Mapper
interface PersonalDataMapper {

    String HANDLER = "tw.kuayu.security.personaldata.PersonalDataTypeHandlers$";
    String STATE = "kuayu_personal_data_state";
    /** Keyset paging: the batch after the last row of the previous one (null: the first batch). */
    String AFTER_ID = "<if test='after != null'>id &gt; #{after} AND </if>";

    /** A case's personal data as stored: clear (legacy) or sealed. */
    record CaseRow(String id, String nationalId, String name, String data) {
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

    /** An opinion as stored (changelog 020). */
    record OpinionRow(String id, String opinion) {
    }

    /** The sealer's state row ({@code id} is selected too: a row whose other columns are all null still maps to a State). */
    record State(String id, String doneKeys, String lockedBy, Instant lockedUntil) {
    }

    // --- state and lock

    @Select("SELECT id, done_keys, locked_by, locked_until FROM " + STATE + " WHERE id = 'sealer'")
    State state();

    /** Takes the lock if it is free or its lease has run out; 1 when taken. */
    @Update("UPDATE " + STATE + " SET locked_by = #{node}, locked_until = #{until} WHERE id = 'sealer' "
            + "AND (locked_by IS NULL OR locked_by = #{node} OR locked_until < #{now})")
    int lock(@Param("node") String node, @Param("now") Instant now, @Param("until") Instant until);

    /** Renews the lease; 0 when another node took the lock over (this node then stops). */
    @Update("UPDATE " + STATE + " SET locked_until = #{until} WHERE id = 'sealer' AND locked_by = #{node}")
    int renew(@Param("node") String node, @Param("until") Instant until);

    @Update("UPDATE " + STATE + " SET done_keys = #{doneKeys}, done_at = #{now}, locked_by = NULL, locked_until = NULL "
            + "WHERE id = 'sealer' AND locked_by = #{node}")
    int finish(@Param("node") String node, @Param("doneKeys") String doneKeys, @Param("now") Instant now);

    @Update("UPDATE " + STATE + " SET locked_by = NULL, locked_until = NULL WHERE id = 'sealer' AND locked_by = #{node}")
    int unlock(@Param("node") String node);

    // --- cases: national ID, name, application data, both hashes

    @Select("<script>SELECT id, COALESCE(applicant_id_sealed, applicant_national_id) AS national_id, applicant_name AS name, "
            + "COALESCE(data_sealed, data_json) AS data FROM kuayu_case WHERE " + AFTER_ID + "(applicant_id_sealed IS NULL "
            + "OR applicant_id_sealed NOT LIKE #{prefix} OR applicant_name NOT LIKE #{prefix} "
            + "OR data_sealed IS NOT NULL AND data_sealed NOT LIKE #{prefix} OR data_json IS NOT NULL "
            + "OR applicant_id_hash IS NULL OR applicant_id_hash NOT LIKE #{hashPrefix} "
            + "OR applicant_name_hash IS NULL OR applicant_name_hash NOT LIKE #{hashPrefix}) "
            + "ORDER BY id FETCH FIRST #{limit} ROWS ONLY</script>")
    List<CaseRow> staleCases(@Param("prefix") String prefix, @Param("hashPrefix") String hashPrefix, @Param("after") String after,
                             @Param("limit") int limit);

    /**
     * Writes a case's personal data sealed with the current key and hashed with the current search key, and
     * empties the clear columns. A case's national ID, name and data never change after intake, so two nodes
     * sealing the same row write equivalent values.
     */
    @Update("UPDATE kuayu_case SET applicant_id_sealed = #{nationalId, typeHandler=" + HANDLER + "Sealed}, "
            + "applicant_id_hash = #{nationalId, typeHandler=" + HANDLER + "SearchHash}, "
            + "applicant_id_masked = #{nationalId, typeHandler=" + HANDLER + "Masked}, "
            + "applicant_name = #{name, typeHandler=" + HANDLER + "Sealed}, "
            + "applicant_name_hash = #{name, typeHandler=" + HANDLER + "NameHash}, "
            + "data_sealed = #{data, typeHandler=" + HANDLER + "Sealed}, applicant_national_id = NULL, data_json = NULL WHERE id = #{id}")
    int sealCase(@Param("id") String id, @Param("nationalId") String nationalId, @Param("name") String name, @Param("data") String data);

    // --- evidence snapshots

    @Select("<script>SELECT id, COALESCE(data_sealed, data_json) AS data FROM kuayu_evidence WHERE " + AFTER_ID
            + "(data_sealed NOT LIKE #{prefix} OR data_json IS NOT NULL) "
            + "ORDER BY id FETCH FIRST #{limit} ROWS ONLY</script>")
    List<EvidenceRow> staleEvidence(@Param("prefix") String prefix, @Param("after") String after, @Param("limit") int limit);

    @Update("UPDATE kuayu_evidence SET data_sealed = #{data, typeHandler=" + HANDLER + "Sealed}, data_json = NULL WHERE id = #{id}")
    int sealEvidence(@Param("id") String id, @Param("data") String data);

    // --- matching items and consent statements (changelog 016)

    @Select("<script>SELECT job_id, line_no, national_id, data_json AS data FROM kuayu_matching_item WHERE "
            + "<if test='afterJob != null'>(job_id &gt; #{afterJob} OR job_id = #{afterJob} AND line_no &gt; #{afterLine}) AND </if>"
            + "(national_id NOT LIKE #{prefix} OR data_json IS NOT NULL AND data_json NOT LIKE #{prefix}) "
            + "ORDER BY job_id, line_no FETCH FIRST #{limit} ROWS ONLY</script>")
    List<MatchingItemRow> staleMatchingItems(@Param("prefix") String prefix, @Param("afterJob") String afterJob,
                                             @Param("afterLine") int afterLine, @Param("limit") int limit);

    @Update("UPDATE kuayu_matching_item SET national_id = #{nationalId, typeHandler=" + HANDLER + "Sealed}, "
            + "data_json = #{data, typeHandler=" + HANDLER + "Sealed} WHERE job_id = #{jobId} AND line_no = #{lineNo}")
    int sealMatchingItem(@Param("jobId") String jobId, @Param("lineNo") int lineNo, @Param("nationalId") String nationalId,
                         @Param("data") String data);

    @Select("<script>SELECT case_id, statement FROM kuayu_notification_consent WHERE "
            + "<if test='after != null'>case_id &gt; #{after} AND </if>statement IS NOT NULL "
            + "AND statement NOT LIKE #{prefix} ORDER BY case_id FETCH FIRST #{limit} ROWS ONLY</script>")
    List<ConsentRow> staleConsents(@Param("prefix") String prefix, @Param("after") String after, @Param("limit") int limit);

    @Update("UPDATE kuayu_notification_consent SET statement = #{statement, typeHandler=" + HANDLER + "Sealed} WHERE case_id = #{caseId}")
    int sealConsent(@Param("caseId") String caseId, @Param("statement") String statement);

    // --- opinions (changelog 020)

    @Select("<script>SELECT id, opinion FROM kuayu_opinion WHERE " + AFTER_ID + "opinion IS NOT NULL AND opinion NOT LIKE #{prefix} "
            + "ORDER BY id FETCH FIRST #{limit} ROWS ONLY</script>")
    List<OpinionRow> staleOpinions(@Param("prefix") String prefix, @Param("after") String after, @Param("limit") int limit);

    @Update("UPDATE kuayu_opinion SET opinion = #{opinion, typeHandler=" + HANDLER + "Sealed} WHERE id = #{id}")
    int sealOpinion(@Param("id") String id, @Param("opinion") String opinion);

    // --- values no configured key can open ({@code prefixes}: {@code enc:<id>:%} of each configured key)

    @Select("<script>SELECT COUNT(*) FROM kuayu_case WHERE applicant_id_sealed LIKE 'enc:%'"
            + "<foreach item='p' collection='prefixes'> AND applicant_id_sealed NOT LIKE #{p}</foreach>"
            + " OR applicant_name LIKE 'enc:%'<foreach item='p' collection='prefixes'> AND applicant_name NOT LIKE #{p}</foreach>"
            + " OR data_sealed LIKE 'enc:%'<foreach item='p' collection='prefixes'> AND data_sealed NOT LIKE #{p}</foreach></script>")
    long casesSealedWithOtherKeys(@Param("prefixes") Collection<String> prefixes);

    @Select("<script>SELECT COUNT(*) FROM kuayu_evidence WHERE data_sealed IS NOT NULL"
            + "<foreach item='p' collection='prefixes'> AND data_sealed NOT LIKE #{p}</foreach></script>")
    long evidenceSealedWithOtherKeys(@Param("prefixes") Collection<String> prefixes);

    @Select("<script>SELECT COUNT(*) FROM kuayu_matching_item WHERE national_id LIKE 'enc:%'"
            + "<foreach item='p' collection='prefixes'> AND national_id NOT LIKE #{p}</foreach></script>")
    long matchingItemsSealedWithOtherKeys(@Param("prefixes") Collection<String> prefixes);

    @Select("<script>SELECT COUNT(*) FROM kuayu_notification_consent WHERE statement LIKE 'enc:%'"
            + "<foreach item='p' collection='prefixes'> AND statement NOT LIKE #{p}</foreach></script>")
    long consentsSealedWithOtherKeys(@Param("prefixes") Collection<String> prefixes);

    @Select("<script>SELECT COUNT(*) FROM kuayu_opinion WHERE opinion LIKE 'enc:%'"
            + "<foreach item='p' collection='prefixes'> AND opinion NOT LIKE #{p}</foreach></script>")
    long opinionsSealedWithOtherKeys(@Param("prefixes") Collection<String> prefixes);

    /**
     * Cases hashed with a search key that is not configured ({@code prefixes}: {@code <id>:%} of each configured search
     * key): lookups would no longer find them. Hashes without a key id (before changelog 020) are not counted.
     */
    @Select("<script>SELECT COUNT(*) FROM kuayu_case WHERE applicant_id_hash LIKE '%:%'"
            + "<foreach item='p' collection='prefixes'> AND applicant_id_hash NOT LIKE #{p}</foreach></script>")
    long casesHashedWithOtherKeys(@Param("prefixes") Collection<String> prefixes);
}
