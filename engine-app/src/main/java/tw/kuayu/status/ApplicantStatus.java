package tw.kuayu.status;

import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Service;
import tw.kuayu.casetype.Catalog;
import tw.kuayu.cases.CaseMapper;
import tw.kuayu.cases.CaseRecord;
import tw.kuayu.cases.CaseStatus;
import tw.kuayu.decision.DecisionMapper;
import tw.kuayu.decision.DecisionMapper.DecisionInfo;
import tw.kuayu.tasks.TaskMapper;
import tw.kuayu.web.ApiException;

/**
 * 案件進度查詢: what an applicant may see of their case given its number and their national ID —
 * the step it is at, which agency holds it, and the due date. Never staff names or opinions.
 */
@Service
public class ApplicantStatus {

    private final CaseMapper cases;
    private final TaskMapper tasks;
    private final DecisionMapper decisions;
    private final Catalog catalog;

    public ApplicantStatus(CaseMapper cases, TaskMapper tasks, DecisionMapper decisions, Catalog catalog) {
        this.cases = cases;
        this.tasks = tasks;
        this.decisions = decisions;
        this.catalog = catalog;
    }

    public record Query(String caseNo, String nationalId) {
    }

    public record Step(String name, String agency, Instant since) {
    }

    public record Decision(String documentNo, String outcome, Instant issuedAt) {
    }

    public record Status(String caseNo, String caseType, String agency, String status, String statusLabel, Instant receivedAt,
                         Instant dueAt, boolean clockStopped, List<Step> currentSteps, Decision decision) {
    }

    public Status find(Query query) {
        if (query == null || blank(query.caseNo()) || blank(query.nationalId()) || query.caseNo().length() > 40
                || query.nationalId().length() > 10) {
            throw ApiException.badRequest("請輸入案號及申請人身分證統一編號。", List.of("caseNo", "nationalId"));
        }
        // matched by the ID's keyed search hash: the stored ID is sealed and not compared in clear
        CaseRecord c = cases.findByCaseNoAndApplicant(query.caseNo().strip(), query.nationalId().strip().toUpperCase());
        if (c == null) {
            throw ApiException.notFound("查無符合的案件，請確認案號及身分證統一編號。");
        }
        List<Step> steps = tasks.ofCase(c.id()).stream().filter(t -> TaskMapper.OPEN.equals(t.status()))
                .map(t -> new Step(t.name(), t.agency() == null ? null : catalog.agency(t.agency()).name(), t.createdAt()))
                .toList();
        DecisionInfo d = decisions.findByCase(c.id());
        Decision decision = d == null || !"issued".equals(d.status()) ? null : new Decision(d.documentNo(), d.outcome(), d.issuedAt());
        return new Status(c.caseNo(), catalog.caseType(c.caseType()).map(t -> t.name()).orElse(c.caseType()),
                catalog.agency(c.ownerAgency()).name(), c.status(), CaseStatus.label(c.status()), c.receivedAt(), c.dueAt(),
                cases.clockStoppedAt(c.id()) != null, steps, decision);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
