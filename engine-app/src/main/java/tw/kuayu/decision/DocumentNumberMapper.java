package tw.kuayu.decision;

import java.time.Instant;
import java.util.List;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;

/** Document numbers reserved per case ({@code kuayu_document_no}, changelog 022, decision 036). */
@Mapper
public interface DocumentNumberMapper {

    @Insert("INSERT INTO kuayu_document_no (document_no, case_id, agency_code, reserved_at) "
            + "VALUES (#{documentNo}, #{caseId}, #{agencyCode}, #{at})")
    void reserve(@Param("documentNo") String documentNo, @Param("caseId") String caseId, @Param("agencyCode") String agencyCode,
                 @Param("at") Instant at);

    /** The case's oldest reservation of this agency that no decision carries yet. */
    @Select("SELECT r.document_no FROM kuayu_document_no r WHERE r.case_id = #{caseId} AND r.agency_code = #{agencyCode} "
            + "AND NOT EXISTS (SELECT 1 FROM kuayu_decision d WHERE d.document_no = r.document_no) "
            + "ORDER BY r.reserved_at, r.document_no FETCH FIRST 1 ROWS ONLY")
    String unused(@Param("caseId") String caseId, @Param("agencyCode") String agencyCode);

    /** A reserved number no decision carries; {@code caseStatus} says whether the case may still use it. */
    record Unused(String documentNo, String caseId, String caseNo, String agencyCode, Instant reservedAt, String caseStatus) {
    }

    @Select("SELECT r.document_no, r.case_id, c.case_no, r.agency_code, r.reserved_at, c.status AS case_status "
            + "FROM kuayu_document_no r LEFT JOIN kuayu_case c ON c.id = r.case_id "
            + "WHERE NOT EXISTS (SELECT 1 FROM kuayu_decision d WHERE d.document_no = r.document_no) "
            + "ORDER BY r.reserved_at, r.document_no FETCH FIRST #{limit} ROWS ONLY")
    List<Unused> unusedEverywhere(int limit);
}
