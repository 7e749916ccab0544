package tw.kuayu.audit;

import java.util.List;
import org.springframework.stereotype.Component;
import tw.kuayu.audit.DataAccessLogMapper.ChainHead;
import tw.kuayu.audit.DataAccessLogMapper.ChainRow;

/** Walks the data-access log's hash chain from the first entry to the head and reports the first break. */
@Component
public class ChainVerifier {

    private static final int PAGE = 500;

    private final DataAccessLogMapper mapper;

    public ChainVerifier(DataAccessLogMapper mapper) {
        this.mapper = mapper;
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

    public Verification verify() {
        ChainHead head = mapper.head();
        long entries = mapper.countAll();
        String previous = ChainHash.GENESIS;
        long expected = 1;
        for (List<ChainRow> rows = mapper.chain(0, head.lastSeq(), PAGE); !rows.isEmpty();
             rows = mapper.chain(expected - 1, head.lastSeq(), PAGE)) {
            for (ChainRow row : rows) {
                if (row.seq() != expected) {
                    return broken(entries, row.id(), "序號 " + expected + " 的紀錄遺失（序號不連續），紀錄可能遭刪除", head);
                }
                if (!previous.equals(row.prevHash())) {
                    return broken(entries, row.id(), "紀錄所載前一筆雜湊值與前一筆紀錄不符，紀錄可能遭刪除或竄改", head);
                }
                if (!ChainHash.of(previous, row.seq(), row.entry()).equals(row.entryHash())) {
                    return broken(entries, row.id(), "紀錄內容與其雜湊值不符，紀錄可能遭竄改", head);
                }
                previous = row.entryHash();
                expected++;
            }
        }
        if (expected - 1 != head.lastSeq() || !previous.equals(head.lastHash())) {
            return broken(entries, null, "雜湊鏈最末端的紀錄遺失或鏈首資料不符，紀錄可能遭刪除", head);
        }
        List<ChainRow> outside = mapper.unchained(1);
        if (!outside.isEmpty()) {
            return broken(entries, outside.get(0).id(), "有紀錄未納入雜湊鏈（非經本系統寫入）", head);
        }
        return new Verification(true, entries, null, null, head.lastSeq(), head.lastHash());
    }

    private static Verification broken(long entries, String id, String reason, ChainHead head) {
        return new Verification(false, entries, id, reason, head.lastSeq(), head.lastHash());
    }
}
