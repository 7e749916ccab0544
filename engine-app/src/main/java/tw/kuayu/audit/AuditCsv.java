package tw.kuayu.audit;

import java.util.List;
import tw.kuayu.audit.DataAccessLogMapper.ChainRow;
import tw.kuayu.web.CsvWriter;

/** The audit logs as CSV, one line per entry with its place in the hash chain. */
final class AuditCsv {

    private static final String HEADER = "序號 seq,紀錄識別碼 id,查詢時間 occurredAt (UTC),案件識別碼 caseId,案號 caseNo,查詢者 userId,"
            + "查詢機關 agency,被查詢人 applicantMasked,資料來源 source,資料類型 recordType,查詢欄位 fields,查詢目的 purpose,"
            + "法律依據 legalBasis,結果 outcome,說明 detail,耗時毫秒 latencyMs,前筆雜湊 prevHash,雜湊值 entryHash";

    private static final String EVENT_HEADER = "序號 seq,紀錄識別碼 id,發生時間 occurredAt (UTC),事件 type,操作者 userId,機關 agency,"
            + "案件識別碼 caseId,案號 caseNo,對象 subject,說明 detail,前筆雜湊 prevHash,雜湊值 entryHash";

    private AuditCsv() {
    }

    static byte[] render(List<ChainRow> rows) {
        CsvWriter csv = CsvWriter.withHeader(HEADER);
        for (ChainRow r : rows) {
            csv.line(r.seq(), r.id(), r.occurredAt(), r.caseId(), r.caseNo(), r.userId(), r.agency(), r.applicantMasked(),
                    r.source(), r.recordType(), r.fields(), r.purpose(), r.legalBasis(), r.outcome(), r.detail(), r.latencyMs(),
                    r.prevHash(), r.entryHash());
        }
        return csv.bytes();
    }

    static byte[] renderEvents(List<AuditEventMapper.EventRow> rows) {
        CsvWriter csv = CsvWriter.withHeader(EVENT_HEADER);
        for (AuditEventMapper.EventRow r : rows) {
            csv.line(r.seq(), r.id(), r.occurredAt(), r.type(), r.userId(), r.agency(), r.caseId(), r.caseNo(), r.subject(), r.detail(),
                    r.prevHash(), r.entryHash());
        }
        return csv.bytes();
    }
}
