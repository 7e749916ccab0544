package tw.kuayu.evidence;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.ibatis.annotations.Arg;
import org.apache.ibatis.annotations.ConstructorArgs;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import tw.kuayu.security.personaldata.PersonalDataTypeHandlers.Sealed;

@Mapper
public interface EvidenceMapper {

    /** A row of {@code kuayu_evidence}: the snapshot a source returned for a case. */
    record StoredEvidence(String id, String caseId, String source, String sourceAgency, String recordType, boolean found,
                          String dataJson, Instant fetchedAt, LocalDate asOf, String sha256) {
    }

    /** The snapshot is written sealed (AES-GCM, docs/decisions/022-personal-data-encryption.md) and read back opened. */
    @Insert("INSERT INTO kuayu_evidence (id, case_id, source, source_agency, record_type, found, data_sealed, fetched_at, as_of, sha256) "
            + "VALUES (#{id}, #{caseId}, #{source}, #{sourceAgency}, #{recordType}, #{found}, "
            + "#{dataJson, typeHandler=tw.kuayu.security.personaldata.PersonalDataTypeHandlers$Sealed}, #{fetchedAt}, #{asOf}, #{sha256})")
    void insert(StoredEvidence evidence);

    @Select("SELECT COUNT(*) FROM kuayu_evidence WHERE case_id = #{caseId} AND source = #{source} AND record_type = #{recordType}")
    int count(@Param("caseId") String caseId, @Param("source") String source, @Param("recordType") String recordType);

    @Select("SELECT id, case_id, source, source_agency, record_type, found, COALESCE(data_sealed, data_json) AS data_json, fetched_at, "
            + "as_of, sha256 FROM kuayu_evidence WHERE case_id = #{caseId} ORDER BY fetched_at, source")
    @ConstructorArgs({
        @Arg(column = "id", javaType = String.class, name = "id"),
        @Arg(column = "case_id", javaType = String.class, name = "caseId"),
        @Arg(column = "source", javaType = String.class, name = "source"),
        @Arg(column = "source_agency", javaType = String.class, name = "sourceAgency"),
        @Arg(column = "record_type", javaType = String.class, name = "recordType"),
        @Arg(column = "found", javaType = boolean.class, name = "found"),
        @Arg(column = "data_json", javaType = String.class, name = "dataJson", typeHandler = Sealed.class),
        @Arg(column = "fetched_at", javaType = Instant.class, name = "fetchedAt"),
        @Arg(column = "as_of", javaType = LocalDate.class, name = "asOf"),
        @Arg(column = "sha256", javaType = String.class, name = "sha256")})
    List<StoredEvidence> findByCase(String caseId);
}
