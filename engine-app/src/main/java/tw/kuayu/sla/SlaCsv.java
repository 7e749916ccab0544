package tw.kuayu.sla;

import tw.kuayu.web.CsvWriter;

/** The SLA reports as CSV, one table per report. */
final class SlaCsv {

    private SlaCsv() {
    }

    static byte[] summary(SlaSummary s) {
        CsvWriter out = CsvWriter.withHeader("層級 level,代碼 key,名稱 name,收件數 received,已結數 decided,如期結案數 decidedOnTime,如期率 onTimeRate,"
                + "撤回數 withdrawn,未結數 open,逾期未結數 overdueOpen");
        row(out, "合計 total", s.total());
        s.byAgency().forEach(l -> row(out, "機關 agency", l));
        s.byCaseType().forEach(l -> row(out, "案件類型 caseType", l));
        return out.bytes();
    }

    static byte[] steps(StepDurations d) {
        CsvWriter out = CsvWriter.withHeader("步驟 step,步驟名稱 stepName,機關 agency,機關名稱 agencyName,完成數 completed,逾期完成數 late,"
                + "p50 小時 p50Hours,p90 小時 p90Hours,p50 工作天 p50WorkingDays,p90 工作天 p90WorkingDays");
        d.steps().forEach(s -> out.line(s.step(), s.stepName(), s.agency(), s.agencyName(), s.completed(), s.late(), s.p50Hours(),
                s.p90Hours(), s.p50WorkingDays(), s.p90WorkingDays()));
        return out.bytes();
    }

    static byte[] overdue(OverduePage page) {
        CsvWriter out = CsvWriter.withHeader("案號 caseNo,案件識別碼 caseId,案件類型 caseType,案件類型名稱 caseTypeName,主辦機關 ownerAgency,主辦機關名稱 ownerAgencyName,"
                + "申請人 applicantMasked,收件時間 receivedAt (UTC),處理期限 dueAt (UTC),逾期工作天 workingDaysOverdue,停止計算 clockStopped,"
                + "目前步驟 currentSteps");
        page.items().forEach(i -> out.line(i.caseNo(), i.caseId(), i.caseType(), i.caseTypeName(), i.ownerAgency(), i.ownerAgencyName(),
                i.applicantMasked(), i.receivedAt(), i.dueAt(), i.workingDaysOverdue(), i.clockStopped(),
                String.join("；", i.currentSteps().stream().map(s -> s.name() + "（" + s.agencyName() + "）").toList())));
        return out.bytes();
    }

    static byte[] trend(SlaTrend t) {
        CsvWriter out = CsvWriter.withHeader("層級 level,代碼 key,名稱 name,收件月份 month,收件數 received,已結數 decided,如期結案數 decidedOnTime,如期率 onTimeRate");
        t.byAgency().forEach(s -> s.points().forEach(p -> out.line("機關 agency", s.key(), s.name(), p.month(), p.received(), p.decided(),
                p.decidedOnTime(), p.onTimeRate())));
        t.byCaseType().forEach(s -> s.points().forEach(p -> out.line("案件類型 caseType", s.key(), s.name(), p.month(), p.received(),
                p.decided(), p.decidedOnTime(), p.onTimeRate())));
        return out.bytes();
    }

    static byte[] bottlenecks(Bottlenecks b) {
        CsvWriter out = CsvWriter.withHeader("步驟 step,步驟名稱 stepName,機關 agency,機關名稱 agencyName,任務數 tasks,未完成 open,未完成且逾期 openOverdue,"
                + "逾期完成 completedLate,平均停留小時 avgHeldHours,最長停留小時 maxHeldHours,停留小時合計 totalHeldHours,占全部停留時間 share,"
                + "最久未完成任務起始 oldestOpenSince (UTC),最久未完成已等候小時 oldestOpenHours");
        b.rows().forEach(r -> out.line(r.step(), r.stepName(), r.agency(), r.agencyName(), r.tasks(), r.open(), r.openOverdue(),
                r.completedLate(), r.avgHeldHours(), r.maxHeldHours(), r.totalHeldHours(), r.share(), r.oldestOpenSince(),
                r.oldestOpenHours()));
        return out.bytes();
    }

    private static void row(CsvWriter out, String level, SlaSummary.Line l) {
        out.line(level, l.key(), l.name(), l.received(), l.decided(), l.decidedOnTime(), l.onTimeRate(), l.withdrawn(), l.open(),
                l.overdueOpen());
    }
}
