package tw.kuayu.studio.migration;

import java.time.Instant;
import java.util.List;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;

/** Migrations started from the studio ({@code kuayu_migration}) and the instances each covered. */
@Mapper
public interface MigrationMapper {

    record MigrationRow(String id, String batchId, String batchJobDefinitionId, String processKey, String sourceDefinitionId,
                        int sourceVersion, String targetDefinitionId, int targetVersion, int instanceCount, String startedBy,
                        Instant startedAt, String reason) {
    }

    String COLUMNS = "id, batch_id, batch_job_definition_id, process_key, source_definition_id, source_version, target_definition_id, "
            + "target_version, instance_count, started_by, started_at, reason";

    @Insert("INSERT INTO kuayu_migration (" + COLUMNS + ") VALUES (#{id}, #{batchId}, #{batchJobDefinitionId}, #{processKey}, "
            + "#{sourceDefinitionId}, #{sourceVersion}, #{targetDefinitionId}, #{targetVersion}, #{instanceCount}, #{startedBy}, "
            + "#{startedAt}, #{reason})")
    void insert(MigrationRow row);

    @Insert("INSERT INTO kuayu_migration_instance (migration_id, process_instance_id) VALUES (#{migrationId}, #{processInstanceId})")
    void insertInstance(@Param("migrationId") String migrationId, @Param("processInstanceId") String processInstanceId);

    @Select("SELECT " + COLUMNS + " FROM kuayu_migration WHERE id = #{id} AND process_key = #{processKey}")
    MigrationRow find(@Param("processKey") String processKey, @Param("id") String id);

    @Select("SELECT " + COLUMNS + " FROM kuayu_migration WHERE process_key = #{processKey} ORDER BY started_at DESC, id")
    List<MigrationRow> list(String processKey);

    @Select("SELECT process_instance_id FROM kuayu_migration_instance WHERE migration_id = #{migrationId} ORDER BY process_instance_id")
    List<String> instances(String migrationId);
}
