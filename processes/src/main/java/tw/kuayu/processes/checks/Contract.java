package tw.kuayu.processes.checks;

import java.util.Set;

/** The names a model may use, from docs/process-contract.md. */
final class Contract {

    /** Beans a service task may call, as {@code camunda:delegateExpression="${bean}"}. */
    static final Set<String> BEANS = Set.of("fetchEvidence", "assessEligibility", "issueDecision", "coSignDecision",
            "discardDecisionDraft", "recordSilence", "notifyLate", "closeCase");

    /** Candidate-group expressions over the contract's variables; each resolves to an agency or its approver group. */
    static final Set<String> GROUP_EXPRESSIONS = Set.of("${ownerAgency}", "${approverGroup}", "${reviewAgency}",
            "${reviewAgency}.approver", "${level}.approver", "${lastLevel}.approver", "${coSigner}.approver");

    static final String ACTIONS = "kuayu.actions";
    static final String SOURCE = "kuayu.source";
    static final String PURPOSE = "kuayu.purpose";
    static final String TARGET_WORKING_DAYS = "kuayu.targetWorkingDays";

    private Contract() {
    }
}
