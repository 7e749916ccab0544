package tw.kuayu.cases;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import tw.kuayu.casetype.Catalog;
import tw.kuayu.connectors.NationalId;
import tw.kuayu.decision.DecisionMapper;
import tw.kuayu.decision.DecisionMapper.DecisionInfo;
import tw.kuayu.decision.DecisionStatus;
import tw.kuayu.evidence.EvidenceMapper;
import tw.kuayu.security.CurrentUser;
import tw.kuayu.tasks.OpinionMapper;
import tw.kuayu.tasks.Worklist;

/** Assembles the case view from Kuayu's tables and the engine, for users allowed to read the case. */
@Service
public class CaseViews {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    private final CaseAccess access;
    private final Catalog catalog;
    private final EvidenceMapper evidence;
    private final OpinionMapper opinions;
    private final DecisionMapper decisions;
    private final Worklist worklist;
    private final EligibilityMapper eligibilities;
    private final IncidentMapper incidents;
    private final ObjectMapper json;
    private final CaseStampMapper stamps;

    public CaseViews(CaseAccess access, Catalog catalog, EvidenceMapper evidence, OpinionMapper opinions, DecisionMapper decisions,
                     Worklist worklist, EligibilityMapper eligibilities, IncidentMapper incidents, ObjectMapper json,
                     CaseStampMapper stamps) {
        this.access = access;
        this.catalog = catalog;
        this.evidence = evidence;
        this.opinions = opinions;
        this.decisions = decisions;
        this.worklist = worklist;
        this.eligibilities = eligibilities;
        this.incidents = incidents;
        this.json = json;
        this.stamps = stamps;
    }

    public CaseView view(CurrentUser user, String caseId) {
        return view(user, access.readable(user, caseId));
    }

    /** The readable case (404 otherwise), for {@link #etag} and {@link #view(CurrentUser, CaseRecord)}. */
    public CaseRecord readable(CurrentUser user, String caseId) {
        return access.readable(user, caseId);
    }

    /**
     * A strong ETag of what {@link #view} would show this user now, without building it: a hash of the case row, its
     * task rows, one aggregate read ({@link CaseStampMapper}) and the user (the view depends on their agencies). Two
     * equal tags mean the same JSON; a tag computed before a change can only make a client read once more.
     */
    public String etag(CurrentUser user, CaseRecord c) {
        MessageDigest sha = sha256();
        StringBuilder text = new StringBuilder(512).append(user.id()).append('\u0000').append(new java.util.TreeSet<>(user.groups()))
                .append('\u0000').append(c).append('\u0000').append(catalog.caseType(c.caseType()).map(t -> t.name()).orElse(""));
        worklist.stampOf(c.id(), text);
        text.append('\u0000').append(stamps.of(c.id(), c.processInstanceId()));
        byte[] hash = sha.digest(text.toString().getBytes(StandardCharsets.UTF_8));
        return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(hash, 18)) + "\"";
    }

    public CaseView view(CurrentUser user, CaseRecord c) {
        // A reviewer or higher level sees its own agency's steps and the owner's record, not other reviewers' work.
        java.util.Set<String> agencies = user.agencies(catalog);
        boolean wholeCase = user.isManager() || agencies.contains(c.ownerAgency());
        java.util.function.Predicate<String> shown = agency -> wholeCase || agency == null || agency.equals(c.ownerAgency())
                || agencies.contains(agency);
        return new CaseView(c.id(), c.caseNo(), c.caseType(), catalog.caseType(c.caseType()).map(t -> t.name()).orElse(c.caseType()),
                c.ownerAgency(), c.status(), new CaseView.Applicant(c.applicantName(), NationalId.mask(c.applicantNationalId())),
                read(c.dataJson()), c.receivedAt(), c.dueAt(), c.closedAt(), eligibility(c),
                evidence.findByCase(c.id()).stream().map(e -> new CaseView.Evidence(e.source(), e.sourceAgency(), e.recordType(),
                        e.found(), read(e.dataJson()), e.fetchedAt(), e.asOf(), e.sha256())).toList(),
                opinions.findByCase(c.id()).stream().filter(o -> shown.test(o.agency())).map(o -> new CaseView.Opinion(o.step(), o.stepName(), o.agency(), o.userId(),
                        o.action(), o.opinion(), o.createdAt())).toList(),
                worklist.ofCase(c).stream().filter(t -> shown.test(t.agency())).toList(), problems(c), decision(c));
    }

    /** From Kuayu's read model of the eligibility variables ({@link EligibilityReadModel}), not the engine's history. */
    private CaseView.Eligibility eligibility(CaseRecord c) {
        EligibilityMapper.Row row = c.processInstanceId() == null ? null : eligibilities.find(c.processInstanceId());
        return row == null || row.eligible() == null && row.reason() == null ? null : new CaseView.Eligibility(row.eligible(), row.reason());
    }

    /** The case's open incidents: one indexed read of the engine's incident table, usually finding none. */
    private List<CaseView.Problem> problems(CaseRecord c) {
        if (c.processInstanceId() == null) {
            return List.of();
        }
        return incidents.ofProcessInstance(c.processInstanceId()).stream()
                .map(i -> new CaseView.Problem(i.activityId(), i.message(), i.since()))
                .toList();
    }

    private CaseView.Decision decision(CaseRecord c) {
        DecisionInfo d = decisions.findByCase(c.id());
        if (d == null) {
            return null;
        }
        // a co-signing draft is not served: no download link until every agency has signed (a revoked one stays on file)
        boolean served = DecisionStatus.ISSUED.equals(d.status()) || DecisionStatus.REVOKED.equals(d.status());
        return new CaseView.Decision(d.documentNo(), d.outcome(), d.reason(), d.issuedAt(), d.status(), d.signerList(), d.sha256(),
                served ? "/api/cases/" + c.id() + "/decision.pdf" : null);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, Object> read(String data) {
        if (data == null) {
            return Map.of();
        }
        try {
            return json.readValue(data, MAP);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
