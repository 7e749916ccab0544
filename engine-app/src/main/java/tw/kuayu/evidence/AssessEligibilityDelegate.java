package tw.kuayu.evidence;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.dmn.engine.DmnDecisionRuleResult;
import org.camunda.bpm.engine.DecisionService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import tw.kuayu.casetype.Catalog;
import tw.kuayu.casetype.CatalogProperties.CaseType;
import tw.kuayu.evidence.EvidenceMapper.StoredEvidence;

/**
 * {@code ${assessEligibility}}: evaluates the case type's eligibility decision (DMN) over the
 * evidence, keyed by source ({@code household}, {@code land}, ...) and by record type in lower camel case
 * ({@code lowIncomeStatus}, {@code incomeBelowThreshold}, ...) for sources with several record types. Only the outcome
 * ({@code eligible}, {@code eligibilityReason}) becomes a process variable; the personal data
 * stays in Kuayu's evidence table.
 */
@Component("assessEligibility")
public class AssessEligibilityDelegate implements JavaDelegate {

    private final EvidenceMapper evidence;
    private final Catalog catalog;
    private final DecisionService decisions;
    private final ObjectMapper json;

    public AssessEligibilityDelegate(EvidenceMapper evidence, Catalog catalog, DecisionService decisions, ObjectMapper json) {
        this.evidence = evidence;
        this.catalog = catalog;
        this.decisions = decisions;
        this.json = json;
    }

    @Override
    public void execute(DelegateExecution execution) throws Exception {
        CaseType type = catalog.caseType((String) execution.getVariable("caseType")).orElseThrow();
        if (type.eligibilityDecision() == null) {
            return;
        }
        Map<String, Object> inputs = new HashMap<>();
        for (StoredEvidence e : evidence.findByCase((String) execution.getVariable("caseId"))) {
            Map<String, Object> data = e.found() ? json.readValue(e.dataJson(), new TypeReference<Map<String, Object>>() { }) : Map.of();
            inputs.put(e.source(), data);
            inputs.put(inputName(e.recordType()), data);
        }
        for (var spec : type.evidence()) {
            inputs.putIfAbsent(spec.source(), Map.of());
            inputs.putIfAbsent(inputName(spec.recordType()), Map.of());
        }
        DmnDecisionRuleResult result = decisions.evaluateDecisionTableByKey(type.eligibilityDecision(), inputs).getSingleResult();
        execution.setVariable("eligible", result.getEntry("eligible"));
        execution.setVariable("eligibilityReason", result.getEntry("eligibilityReason"));
    }

    /** A record type as a DMN input name: {@code low-income-status} → {@code lowIncomeStatus}. */
    static String inputName(String recordType) {
        StringBuilder name = new StringBuilder();
        boolean upper = false;
        for (char ch : recordType.toCharArray()) {
            if (ch == '-' || ch == '_') {
                upper = true;
            } else {
                name.append(upper ? Character.toUpperCase(ch) : ch);
                upper = false;
            }
        }
        return name.toString();
    }
}
