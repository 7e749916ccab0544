package tw.kuayu.decision;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tw.kuayu.casetype.Catalog;
import tw.kuayu.casetype.CatalogProperties.Agency;
import tw.kuayu.casetype.CatalogProperties.CaseType;
import tw.kuayu.cases.CaseMapper;
import tw.kuayu.cases.CaseRecord;
import tw.kuayu.cases.CaseStatus;
import tw.kuayu.cases.Counters;
import tw.kuayu.decision.DecisionMapper.DecisionInfo;
import tw.kuayu.decision.pdf.DecisionPdfRenderer;
import tw.kuayu.decision.pdf.PadesSigner;

/**
 * Issues a case's decision (處分書): renders the official letter with one signature block per
 * signing agency, signs it with the deciding agency's key (the certification signature) and
 * stores it once. With co-signing agencies (會銜) the stored file is a draft until each of them has
 * added its signature as an incremental update; only then is it issued and the case closed.
 *
 * <p>Every step is safe to repeat for a retried job: issuing keeps the current decision, an agency
 * that already signed is not signed twice, and discarding a discarded draft does nothing.
 */
@Service
public class DecisionIssuer {

    public static final String ISSUED = DecisionStatus.ISSUED;

    private static final Logger log = LoggerFactory.getLogger(DecisionIssuer.class);

    private final CaseMapper cases;
    private final Catalog catalog;
    private final DecisionMapper decisions;
    private final DocumentNumbers documentNumbers;
    private final LetterComposer letters;
    private final DecisionPdfRenderer renderer;
    private final PadesSigner signer;
    private final AgencyCredentials credentials;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    public DecisionIssuer(CaseMapper cases, Catalog catalog, DecisionMapper decisions, DocumentNumbers documentNumbers, LetterComposer letters,
                          DecisionPdfRenderer renderer, PadesSigner signer, AgencyCredentials credentials, Clock clock,
                          ApplicationEventPublisher events) {
        this.cases = cases;
        this.catalog = catalog;
        this.decisions = decisions;
        this.documentNumbers = documentNumbers;
        this.letters = letters;
        this.renderer = renderer;
        this.signer = signer;
        this.credentials = credentials;
        this.clock = clock;
        this.events = events;
    }

    /** Issues the decision as the owning agency. */
    @Transactional
    public DecisionInfo issue(String caseId, boolean approved, String reason) {
        return issue(caseId, approved, reason, null);
    }

    /**
     * @param approved       whether the final approver approved (核定) or rejected (駁回)
     * @param reason         the stated reason for a rejection; may be null for an approval
     * @param decidingAgency the agency that ruled (a referral's top level); null for the owning agency
     * @return the issued decision, or the draft awaiting the case type's co-signers
     */
    @Transactional
    public DecisionInfo issue(String caseId, boolean approved, String reason, String decidingAgency) {
        DecisionInfo existing = decisions.findByCase(caseId);
        if (existing != null) {
            return existing;
        }
        CaseRecord c = cases.findById(caseId);
        CaseType type = catalog.caseType(c.caseType()).orElseThrow();
        String decider = decidingAgency == null || decidingAgency.isBlank() ? c.ownerAgency() : decidingAgency;
        List<String> signing = signingAgencies(decider, type);
        Agency issuing = catalog.agency(decider);
        Instant now = clock.instant();
        LocalDate today = now.atZone(Counters.TAIPEI).toLocalDate();
        String documentNo = documentNumbers.forDecision(caseId, issuing.code(), issuing.documentPrefix());

        List<Agency> blocks = signing.stream().map(catalog::agency).toList();
        byte[] pdf = signer.sign(renderer.render(letters.compose(c, type, approved, reason, issuing, documentNo, today, blocks)),
                credentials.of(decider), approved ? "核定" : "駁回");
        boolean complete = signing.size() == 1;
        DecisionInfo info = new DecisionInfo(UUID.randomUUID().toString(), caseId, documentNo, approved ? "approved" : "rejected",
                reason, now, complete ? DecisionStatus.ISSUED : DecisionStatus.CO_SIGNING, decider, sha256(pdf),
                String.join(",", signing));
        decisions.insert(info, pdf);
        if (complete) {
            close(info, now);
        }
        log.info("Decision {} for case {} {}", documentNo, c.caseNo(), complete ? "issued" : "awaits co-signers " + signing.subList(1, signing.size()));
        return info;
    }

    /**
     * Adds {@code agency}'s co-signature (an approval signature in an incremental update) to the
     * case's pending decision; after the last co-signer the decision is issued and the case closed.
     *
     * @throws IllegalStateException if the case has no pending decision or the agency is not one of its co-signers
     */
    @Transactional
    public DecisionInfo coSign(String caseId, String agency) {
        DecisionInfo d = locked(caseId);
        if (d == null) {
            throw new IllegalStateException("Case " + caseId + " has no decision awaiting co-signers");
        }
        if (d.signerList().contains(agency)) {
            return d;
        }
        if (!DecisionStatus.CO_SIGNING.equals(d.status()) || !d.requiredSignerList().contains(agency)) {
            throw new IllegalStateException("Agency " + agency + " is not a pending co-signer of decision " + d.documentNo()
                    + " (status " + d.status() + ", signing agencies " + d.requiredSigners() + ")");
        }
        byte[] pdf = signer.sign(decisions.pdfById(d.id()).pdf(), credentials.of(agency), "會銜");
        List<String> signed = new ArrayList<>(d.signerList());
        signed.add(agency);
        boolean complete = Set.copyOf(signed).containsAll(d.requiredSignerList());
        String status = complete ? DecisionStatus.ISSUED : DecisionStatus.CO_SIGNING;
        decisions.signed(d.id(), pdf, sha256(pdf), String.join(",", signed), status);
        DecisionInfo after = new DecisionInfo(d.id(), d.caseId(), d.documentNo(), d.outcome(), d.reason(), d.issuedAt(), status,
                String.join(",", signed), sha256(pdf), d.requiredSigners());
        if (complete) {
            close(after, clock.instant());
        }
        log.info("Decision {} co-signed by {} ({} of {} signatures)", d.documentNo(), agency, signed.size(),
                d.requiredSignerList().size());
        return after;
    }

    /**
     * A co-signer sent the decision back: the draft is kept for audit as discarded and no longer
     * served, so that a later {@link #issue} renders and signs a new document.
     *
     * @throws IllegalStateException if the decision was already issued (signed by every agency)
     */
    @Transactional
    public void discard(String caseId) {
        DecisionInfo d = locked(caseId);
        if (d == null) {
            return;
        }
        if (DecisionStatus.ISSUED.equals(d.status())) {
            throw new IllegalStateException("Decision " + d.documentNo() + " is issued and cannot be discarded");
        }
        decisions.setStatus(d.id(), DecisionStatus.DISCARDED);
        log.info("Decision draft {} discarded: a co-signer sent it back", d.documentNo());
    }

    /** The case's current decision, locked against concurrent co-signers and read again under the lock. */
    private DecisionInfo locked(String caseId) {
        DecisionInfo d = decisions.findByCase(caseId);
        if (d == null) {
            return null;
        }
        decisions.lock(d.id());
        // another statement than findByCase: MyBatis would answer a repeated query from its session cache
        DecisionInfo current = decisions.findById(d.id());
        return DecisionStatus.DISCARDED.equals(current.status()) ? null : current;
    }

    private List<String> signingAgencies(String decider, CaseType type) {
        Set<String> signing = new LinkedHashSet<>();
        signing.add(decider);
        if (type.coSigning() != null && type.coSigning().agencies() != null) {
            signing.addAll(type.coSigning().agencies());
        }
        return List.copyOf(signing);
    }

    private void close(DecisionInfo d, Instant at) {
        cases.close(d.caseId(), "approved".equals(d.outcome()) ? CaseStatus.APPROVED : CaseStatus.REJECTED, at);
        // in this transaction: what follows a decision (e.g. 通報 to other agencies) starts only if it commits
        events.publishEvent(new DecisionIssued(d.caseId(), d.outcome()));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
