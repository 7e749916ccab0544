package tw.kuayu.evidence;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;

@Mapper
public interface EvidenceMapper {

    /** A row of {@code kuayu_evidence}: the snapshot a source returned for a case. */
    record StoredEvidence(String id, String caseId, String source, String sourceAgency, String recordType, boolean found,
                          String dataJson, Instant fetchedAt, LocalDate asOf, String sha256) {
    }

    @Insert("INSERT INTO kuayu_evidence (id, case_id, source, source_agency, record_type, found, data_json, fetched_at, as_of, sha256) "
            + "VALUES (#{id}, #{caseId}, #{source}, #{sourceAgency}, #{recordType}, #{found}, #{dataJson}, #{fetchedAt}, #{asOf}, #{sha256})")
    void insert(StoredEvidence evidence);

    @Select("SELECT COUNT(*) FROM kuayu_evidence WHERE case_id = #{caseId} AND source = #{source} AND record_type = #{recordType}")
    int count(@Param("caseId") String caseId, @Param("source") String source, @Param("recordType") String recordType);

    @Select("SELECT id, case_id, source, source_agency, record_type, found, data_json, fetched_at, as_of, sha256 "
            + "FROM kuayu_evidence WHERE case_id = #{caseId} ORDER BY fetched_at, source")
    List<StoredEvidence> findByCase(String caseId);
}
