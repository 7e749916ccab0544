package tw.kuayu.audit;

import java.nio.charset.StandardCharsets;
import java.util.List;
import tw.kuayu.audit.DataAccessLogMapper.ChainRow;

/**
 * The data-access log as CSV (RFC 4180, CRLF) in UTF-8 with a byte-order mark, so Excel opens the
 * Chinese text correctly. Cells that a spreadsheet would run as a formula are prefixed with {@code '}.
 */
final class AuditCsv {

    static final String MEDIA_TYPE = "text/csv;charset=UTF-8";

    private static final String HEADER = "序號 seq,紀錄識別碼 id,查詢時間 occurredAt (UTC),案件識別碼 caseId,案號 caseNo,查詢者 userId,"
            + "查詢機關 agency,被查詢人 applicantMasked,資料來源 source,資料類型 recordType,查詢欄位 fields,查詢目的 purpose,"
            + "法律依據 legalBasis,結果 outcome,說明 detail,耗時毫秒 latencyMs,前筆雜湊 prevHash,雜湊值 entryHash";

    private AuditCsv() {
    }

    static byte[] render(List<ChainRow> rows) {
        StringBuilder out = new StringBuilder("\uFEFF").append(HEADER).append("\r\n");
        for (ChainRow r : rows) {
            Object[] cells = {r.seq(), r.id(), r.occurredAt(), r.caseId(), r.caseNo(), r.userId(), r.agency(), r.applicantMasked(),
                    r.source(), r.recordType(), r.fields(), r.purpose(), r.legalBasis(), r.outcome(), r.detail(), r.latencyMs(),
                    r.prevHash(), r.entryHash()};
            for (int i = 0; i < cells.length; i++) {
                out.append(i == 0 ? "" : ",").append(cell(cells[i]));
            }
            out.append("\r\n");
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    static String cell(Object value) {
        if (value == null) {
            return "";
        }
        String text = value.toString();
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0 && !(value instanceof Number)) {
            text = "'" + text;
        }
        if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            text = '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }
}
