package tw.kuayu.studio;

import java.time.Instant;
import java.util.List;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Select;

/** Who deployed what, when and why ({@code kuayu_deployment}, {@code kuayu_deployment_process}). */
@Mapper
public interface DeploymentMapper {

    record DeploymentRecord(String id, String deploymentId, String resourceName, String deployedBy, Instant deployedAt, String reason) {
    }

    record DeployedProcess(String recordId, String processDefinitionId, String processKey, int processVersion) {
    }

    @Insert("INSERT INTO kuayu_deployment (id, deployment_id, resource_name, deployed_by, deployed_at, reason) "
            + "VALUES (#{id}, #{deploymentId}, #{resourceName}, #{deployedBy}, #{deployedAt}, #{reason})")
    void insert(DeploymentRecord record);

    @Insert("INSERT INTO kuayu_deployment_process (record_id, process_definition_id, process_key, process_version) "
            + "VALUES (#{recordId}, #{processDefinitionId}, #{processKey}, #{processVersion})")
    void insertProcess(DeployedProcess process);

    @Select("SELECT COUNT(*) FROM kuayu_deployment WHERE deployment_id = #{deploymentId}")
    int countByDeploymentId(String deploymentId);

    /** Resource names of the forms deployed through the studio ({@code <form id>.form}). */
    @Select("SELECT DISTINCT resource_name FROM kuayu_deployment WHERE resource_name LIKE '%.form'")
    List<String> formResources();
}
