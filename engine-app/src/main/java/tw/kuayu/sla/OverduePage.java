package tw.kuayu.sla;

import java.time.Instant;
import java.util.List;

/** {@code GET /api/sla/overdue}: open cases past their due date, the longest overdue first. Applicants masked only. */
public record OverduePage(List<Item> items, int page, int size, long total) {

    public record Item(String caseId, String caseNo, String caseType, String caseTypeName, String ownerAgency, String ownerAgencyName,
                       String applicantMasked, Instant receivedAt, Instant dueAt, int workingDaysOverdue, boolean clockStopped,
                       List<CurrentStep> currentSteps) {
    }

    public record CurrentStep(String step, String name, String agency, String agencyName) {
    }

    /** 王○明 A12****789: first and last character of the name, first three and last three of the ID. */
    static String mask(String name, String nationalId) {
        return maskName(name) + " " + tw.kuayu.connectors.NationalId.mask(nationalId);
    }

    static String maskName(String name) {
        if (name == null || name.isBlank()) {
            return "";
        }
        int[] cps = name.strip().codePoints().toArray();
        StringBuilder out = new StringBuilder().appendCodePoint(cps[0]);
        if (cps.length == 2) {
            return out.append('○').toString();
        }
        for (int i = 1; i < cps.length - 1; i++) {
            out.append('○');
        }
        return cps.length > 1 ? out.appendCodePoint(cps[cps.length - 1]).toString() : out.toString();
    }
}
