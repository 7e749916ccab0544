package tw.kuayu.audit;

import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/** The heads of the hash chains ({@code kuayu_audit_chain_head}), one row per chain. */
@Mapper
public interface ChainHeadMapper {

    /** The last entry of a chain. */
    record ChainHead(long lastSeq, String lastHash) {
    }

    /** Locks the chain head until the transaction ends: appends are serialised on H2, PostgreSQL and Oracle alike. */
    @Select("SELECT last_seq, last_hash FROM kuayu_audit_chain_head WHERE chain = #{chain} FOR UPDATE")
    ChainHead lock(String chain);

    @Select("SELECT last_seq, last_hash FROM kuayu_audit_chain_head WHERE chain = #{chain}")
    ChainHead read(String chain);

    @Update("UPDATE kuayu_audit_chain_head SET last_seq = #{head.lastSeq}, last_hash = #{head.lastHash} WHERE chain = #{chain}")
    void advance(@Param("chain") String chain, @Param("head") ChainHead head);
}
