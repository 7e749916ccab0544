package tw.kuayu.cases;

import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

@Mapper
public interface CounterMapper {

    @Update("UPDATE kuayu_counter SET next_value = next_value + 1 WHERE counter_key = #{key}")
    int increment(String key);

    @Insert("INSERT INTO kuayu_counter (counter_key, next_value) VALUES (#{key}, 0)")
    void create(String key);

    @Select("SELECT COUNT(*) FROM kuayu_counter WHERE counter_key = #{key}")
    int count(String key);

    @Select("SELECT next_value FROM kuayu_counter WHERE counter_key = #{key}")
    long current(String key);
}
