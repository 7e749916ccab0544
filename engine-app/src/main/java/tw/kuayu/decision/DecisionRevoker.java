package tw.kuayu.decision;

import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tw.kuayu.audit.AuditEventMapper.AuditEvent;
import tw.kuayu.audit.AuditEvents;
import tw.kuayu.cases.CaseMapper;
import tw.kuayu.casetype.Catalog;
import tw.kuayu.decision.DecisionMapper.DecisionInfo;
import tw.kuayu.decision.DecisionMapper.Revocation;
import tw.kuayu.security.CurrentUser;
import tw.kuayu.web.ApiException;

/**
 * Revokes (撤銷) an issued decision on behalf of the deciding agency's approvers. The signed file
 * is kept unchanged: its signatures stay cryptographically valid, and verification reports the
 * decision as revoked with the date and reason. Each revocation is written to the hash-chained
 * audit-event log ({@link AuditEvents#DECISION_REVOKED}) in the same transaction.
 */
@Service
public class DecisionRevoker {

    static final String APPROVER_ROLE = "approver";
    static final int MAX_REASON = 2000;

    private static final Logger log = LoggerFactory.getLogger(DecisionRevoker.class);

    private final DecisionMapper decisions;
    private final Catalog catalog;
    private final CaseMapper cases;
    private final AuditEvents audit;
    private final Clock clock;

    public DecisionRevoker(DecisionMapper decisions, Catalog catalog, CaseMapper cases, AuditEvents audit, Clock clock) {
        this.decisions = decisions;
        this.catalog = catalog;
        this.cases = cases;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * @throws ApiException 404 for an unknown document number, 403 unless the user is an approver of
     *                      the deciding agency, 400 without a reason, 409 unless the decision is issued
     */
    @Transactional
    public Revocation revoke(CurrentUser user, String documentNo, String reason) {
        DecisionInfo d = documentNo == null || documentNo.length() > 80 ? null : decisions.findByDocumentNo(documentNo);
        if (d == null) {
            throw ApiException.notFound("查無發文字號「" + documentNo + "」之處分書。");
        }
        String approvers = Catalog.roleGroup(d.decidingAgency(), APPROVER_ROLE);
        if (!user.inGroup(approvers)) {
            throw ApiException.forbidden("僅發文機關「" + catalog.agency(d.decidingAgency()).name() + "」之核定人員得撤銷此處分書。");
        }
        String why = reason == null ? "" : reason.strip();
        if (why.isEmpty() || why.length() > MAX_REASON) {
            throw ApiException.badRequest("撤銷處分書須載明撤銷理由（" + MAX_REASON + " 字以內）。",
                    List.of("reason: 必填，" + MAX_REASON + " 字以內"));
        }
        decisions.lock(d.id());
        Revocation revocation = new Revocation(clock.instant(), user.id(), why);
        if (decisions.revoke(d.id(), revocation) == 0) {
            String status = decisions.findById(d.id()).status();
            throw ApiException.conflict(DecisionStatus.REVOKED.equals(status)
                    ? "此處分書已撤銷，不得重複撤銷。"
                    : "此處分書尚未生效（" + VerificationPage.statusText(status) + "），不得撤銷。");
        }
        audit.append(new AuditEvent(UUID.randomUUID().toString(), revocation.revokedAt(), AuditEvents.DECISION_REVOKED, user.id(),
                d.decidingAgency(), d.caseId(), cases.findById(d.caseId()).caseNo(), d.documentNo(), why));
        log.info("Decision {} revoked by its deciding agency {}", d.documentNo(), d.decidingAgency());
        return revocation;
    }
}
