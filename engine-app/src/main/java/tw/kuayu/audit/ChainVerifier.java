package tw.kuayu.audit;

import java.util.List;
import java.util.function.Function;
import org.springframework.stereotype.Component;
import tw.kuayu.audit.AuditEventMapper.EventRow;
import tw.kuayu.audit.ChainHeadMapper.ChainHead;
import tw.kuayu.audit.DataAccessLogMapper.ChainRow;

/** Walks an audit log's hash chain from the first entry to the head and reports the first break. */
@Component
public class ChainVerifier {

    private static final int PAGE = 500;

    private final DataAccessLogMapper mapper;
    private final AuditEventMapper events;
    private final HashChains chains;

    public ChainVerifier(DataAccessLogMapper mapper, AuditEventMapper events, HashChains chains) {
        this.mapper = mapper;
        this.events = events;
        this.chains = chains;
    }

    /**
     * @param valid            whether every entry is intact, in sequence and in the chain
     * @param entries          entries in the log
     * @param firstBrokenEntry id of the first entry that fails the check, or null
     * @param reason           zh-TW explanation when not valid
     * @param lastSeq          the head's sequence number; note it with {@code lastHash} elsewhere to detect a rewritten chain later
     * @param lastHash         the head's hash
     */
    public record Verification(boolean valid, long entries, String firstBrokenEntry, String reason, long lastSeq, String lastHash) {
    }

    /** One chained entry as the walk sees it: its stored links and the hash its content should have. */
    private record Link(Long seq, String id, String prevHash, String entryHash, String expectedHash) {
    }

    /** A page of a chain: the entries with {@code after < seq <= upTo}, in order. */
    private interface Pages {
        List<Link> after(long after, long upTo, int limit);
    }

    /** The data-access log (資料查詢紀錄). */
    public Verification verify() {
        ChainHead head = chains.head(HashChains.DATA_ACCESS);
        Verification v = walk(head, mapper.countAll(), (after, upTo, limit) -> links(mapper.chain(after, upTo, limit),
                r -> new Link(r.seq(), r.id(), r.prevHash(), r.entryHash(), ChainHash.of(r.prevHash(), r.seq(), r.entry()))));
        if (!v.valid()) {
            return v;
        }
        List<ChainRow> outside = mapper.unchained(1);
        if (!outside.isEmpty()) {
            return broken(v.entries(), outside.get(0).id(), "有紀錄未納入雜湊鏈（非經本系統寫入）", head);
        }
        return v;
    }

    /** The audit-event log (稽核事件), e.g. decision revocations. */
    public Verification verifyEvents() {
        ChainHead head = chains.head(HashChains.EVENTS);
        Verification v = walk(head, events.countAll(), (after, upTo, limit) -> links(events.chain(after, upTo, limit),
                (EventRow r) -> new Link(r.seq(), r.id(), r.prevHash(), r.entryHash(), ChainHash.of(r.prevHash(), r.seq(), r.event()))));
        // every event row carries a seq (NOT NULL); one inserted by hand beyond the head is not walked, but counted
        if (v.valid() && v.entries() != head.lastSeq()) {
            return broken(v.entries(), null, "紀錄筆數與雜湊鏈長度不符，有紀錄未經本系統寫入", head);
        }
        return v;
    }

    private static <R> List<Link> links(List<R> rows, Function<R, Link> link) {
        return rows.stream().map(link).toList();
    }

    private static Verification walk(ChainHead head, long entries, Pages pages) {
        String previous = ChainHash.GENESIS;
        long expected = 1;
        for (List<Link> rows = pages.after(0, head.lastSeq(), PAGE); !rows.isEmpty();
             rows = pages.after(expected - 1, head.lastSeq(), PAGE)) {
            for (Link row : rows) {
                if (row.seq() != expected) {
                    return broken(entries, row.id(), "序號 " + expected + " 的紀錄遺失（序號不連續），紀錄可能遭刪除", head);
                }
                if (!previous.equals(row.prevHash())) {
                    return broken(entries, row.id(), "紀錄所載前一筆雜湊值與前一筆紀錄不符，紀錄可能遭刪除或竄改", head);
                }
                // the content hashed over the previous entry's hash as this row states it (checked equal just above)
                if (!row.expectedHash().equals(row.entryHash())) {
                    return broken(entries, row.id(), "紀錄內容與其雜湊值不符，紀錄可能遭竄改", head);
                }
                previous = row.entryHash();
                expected++;
            }
        }
        if (expected - 1 != head.lastSeq() || !previous.equals(head.lastHash())) {
            return broken(entries, null, "雜湊鏈最末端的紀錄遺失或鏈首資料不符，紀錄可能遭刪除", head);
        }
        return new Verification(true, entries, null, null, head.lastSeq(), head.lastHash());
    }

    private static Verification broken(long entries, String id, String reason, ChainHead head) {
        return new Verification(false, entries, id, reason, head.lastSeq(), head.lastHash());
    }
}
