package tw.kuayu.processes;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Start variables as intake sets them (docs/process-contract.md). */
final class CaseVariables {

    static final String LAPSED = "申請人逾期未補正，依行政程序法及本案法令規定駁回。";

    private CaseVariables() {
    }

    static Map<String, Object> of(String caseType, String owner, List<String> reviewAgencies, List<String> referralLevels,
            List<String> coSigners) {
        Map<String, Object> vars = new HashMap<>();
        vars.put("caseId", "case-" + caseType);
        vars.put("caseType", caseType);
        vars.put("ownerAgency", owner);
        vars.put("approverGroup", owner + ".approver");
        vars.put("reviewAgencies", new ArrayList<>(reviewAgencies));
        vars.put("reviewWorkingDays", 5);
        vars.put("escalateAfterWorkingDays", 2);
        vars.put("referralLevels", new ArrayList<>(referralLevels));
        vars.put("coSigners", new ArrayList<>(coSigners));
        vars.put("correctionWorkingDays", 10);
        return vars;
    }
}
