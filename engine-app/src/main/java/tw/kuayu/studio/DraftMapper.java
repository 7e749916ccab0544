package tw.kuayu.studio;

import java.time.Instant;
import java.util.List;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Select;

/** Draft models ({@code kuayu_process_draft}): one per process key, not deployed. */
@Mapper
public interface DraftMapper {

    record DraftRow(String processKey, byte[] bpmn, Integer baseVersion, String savedBy, Instant savedAt) {
    }

    record DraftInfo(String processKey, Integer baseVersion, String savedBy, Instant savedAt) {
    }

    @Insert("INSERT INTO kuayu_process_draft (process_key, bpmn, base_version, saved_by, saved_at) "
            + "VALUES (#{processKey}, #{bpmn}, #{baseVersion}, #{savedBy}, #{savedAt})")
    void insert(DraftRow row);

    @Delete("DELETE FROM kuayu_process_draft WHERE process_key = #{processKey}")
    int delete(String processKey);

    @Select("SELECT process_key, bpmn, base_version, saved_by, saved_at FROM kuayu_process_draft WHERE process_key = #{processKey}")
    DraftRow find(String processKey);

    @Select("SELECT process_key, base_version, saved_by, saved_at FROM kuayu_process_draft WHERE process_key = #{processKey}")
    DraftInfo info(String processKey);

    @Select("SELECT process_key, base_version, saved_by, saved_at FROM kuayu_process_draft ORDER BY process_key")
    List<DraftInfo> list();
}
