package tw.kuayu.studio.migration;

import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Update;

/** Moves a worklist row ({@code kuayu_task}) with its migrated user task (see {@link MigratedTasks}). */
@Mapper
public interface MigratedTaskMapper {

    @Update("UPDATE kuayu_task SET process_definition_id = #{processDefinitionId}, step = #{step} WHERE task_id = #{taskId}")
    int moved(@Param("taskId") String taskId, @Param("processDefinitionId") String processDefinitionId, @Param("step") String step);
}
