package tw.kuayu.sla;

import java.nio.charset.StandardCharsets;

/**
 * The SLA reports as CSV (RFC 4180, CRLF) in UTF-8 with a byte-order mark so Excel reads the
 * Chinese text; cells a spreadsheet would run as a formula are prefixed with {@code '}.
 */
final class SlaCsv {

    static final String MEDIA_TYPE = "text/csv;charset=UTF-8";

    private SlaCsv() {
    }

    static byte[] summary(SlaSummary s) {
        StringBuilder out = start("層級 level,代碼 key,名稱 name,收件數 received,已結數 decided,如期結案數 decidedOnTime,如期率 onTimeRate,"
                + "撤回數 withdrawn,未結數 open,逾期未結數 overdueOpen");
        row(out, "合計 total", s.total());
        s.byAgency().forEach(l -> row(out, "機關 agency", l));
        s.byCaseType().forEach(l -> row(out, "案件類型 caseType", l));
        return bytes(out);
    }

    static byte[] steps(StepDurations d) {
        StringBuilder out = start("步驟 step,步驟名稱 stepName,機關 agency,機關名稱 agencyName,完成數 completed,逾期完成數 late,"
                + "p50 小時 p50Hours,p90 小時 p90Hours,p50 工作天 p50WorkingDays,p90 工作天 p90WorkingDays");
        d.steps().forEach(s -> line(out, s.step(), s.stepName(), s.agency(), s.agencyName(), s.completed(), s.late(), s.p50Hours(),
                s.p90Hours(), s.p50WorkingDays(), s.p90WorkingDays()));
        return bytes(out);
    }

    static byte[] overdue(OverduePage page) {
        StringBuilder out = start("案號 caseNo,案件識別碼 caseId,案件類型 caseType,案件類型名稱 caseTypeName,主辦機關 ownerAgency,主辦機關名稱 ownerAgencyName,"
                + "申請人 applicantMasked,收件時間 receivedAt (UTC),處理期限 dueAt (UTC),逾期工作天 workingDaysOverdue,停止計算 clockStopped,"
                + "目前步驟 currentSteps");
        page.items().forEach(i -> line(out, i.caseNo(), i.caseId(), i.caseType(), i.caseTypeName(), i.ownerAgency(), i.ownerAgencyName(),
                i.applicantMasked(), i.receivedAt(), i.dueAt(), i.workingDaysOverdue(), i.clockStopped(),
                String.join("；", i.currentSteps().stream().map(s -> s.name() + "（" + s.agencyName() + "）").toList())));
        return bytes(out);
    }

    private static void row(StringBuilder out, String level, SlaSummary.Line l) {
        line(out, level, l.key(), l.name(), l.received(), l.decided(), l.decidedOnTime(), l.onTimeRate(), l.withdrawn(), l.open(),
                l.overdueOpen());
    }

    private static StringBuilder start(String header) {
        return new StringBuilder("\uFEFF").append(header).append("\r\n");
    }

    private static void line(StringBuilder out, Object... cells) {
        for (int i = 0; i < cells.length; i++) {
            out.append(i == 0 ? "" : ",").append(cell(cells[i]));
        }
        out.append("\r\n");
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

    private static byte[] bytes(StringBuilder out) {
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

}
