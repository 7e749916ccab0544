package tw.kuayu.audit;

import java.util.function.LongFunction;
import java.util.function.Predicate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tw.kuayu.audit.ChainHeadMapper.ChainHead;

/**
 * Links entries into Kuayu's hash chains ({@link ChainHash}). The chain head row stays locked
 * until the caller's transaction ends, so concurrent appends (two jobs, several nodes) follow one
 * another and never fork a chain.
 */
@Component
public class HashChains {

    /** The data-access log (資料查詢紀錄). */
    public static final String DATA_ACCESS = "data-access";
    /** The audit events (稽核事件). */
    public static final String EVENTS = "events";

    /** Where an entry goes in its chain. */
    public record Link(long seq, String prevHash, String entryHash) {
    }

    private final ChainHeadMapper heads;

    public HashChains(ChainHeadMapper heads) {
        this.heads = heads;
    }

    /**
     * Appends one entry: {@code canonicalAt} gives the entry's canonical form at a sequence number,
     * {@code write} stores it with its link and says whether it did; only then does the head advance.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean append(String chain, LongFunction<String> canonicalAt, Predicate<Link> write) {
        ChainHead head = heads.lock(chain);
        long seq = head.lastSeq() + 1;
        Link link = new Link(seq, head.lastHash(), ChainHash.link(head.lastHash(), canonicalAt.apply(seq)));
        if (!write.test(link)) {
            return false;
        }
        heads.advance(chain, new ChainHead(seq, link.entryHash()));
        return true;
    }

    public ChainHead head(String chain) {
        return heads.read(chain);
    }
}
