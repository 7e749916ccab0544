package tw.kuayu.processes;

import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.test.mock.Mocks;

/** Mocks for every bean of docs/process-contract.md; each call is recorded in {@link #calls}. */
public final class Beans {

    static final long DAY = 24L * 60 * 60 * 1000;

    final List<String> calls = new ArrayList<>();
    /** The variables {@code issueDecision} saw, one map per call. */
    final List<Map<String, Object>> decisions = new ArrayList<>();
    boolean eligible = true;
    boolean sourceDown;

    void register() {
        Mocks.register("fetchEvidence", (JavaDelegate) execution -> {
            if (sourceDown) {
                throw new IllegalStateException("戶役政資料來源暫時無法連線");
            }
            calls.add("fetchEvidence");
        });
        Mocks.register("assessEligibility", (JavaDelegate) execution -> {
            execution.setVariable("eligible", eligible);
            execution.setVariable("eligibilityReason", eligible ? "符合" : "不符資格");
            calls.add("assessEligibility");
        });
        Mocks.register("issueDecision", (JavaDelegate) execution -> {
            Map<String, Object> seen = new HashMap<>();
            for (String name : List.of("action", "opinion", "decisionReason", "decidingAgency")) {
                seen.put(name, execution.getVariable(name));
            }
            decisions.add(seen);
            calls.add("issueDecision:" + execution.getVariable("action"));
        });
        Mocks.register("coSignDecision", (JavaDelegate) execution -> calls.add("coSignDecision:" + execution.getVariable("coSigner")));
        Mocks.register("discardDecisionDraft", (JavaDelegate) execution -> calls.add("discardDecisionDraft:" + execution.getVariable("coSigner")));
        Mocks.register("recordSilence", (JavaDelegate) execution -> calls.add("recordSilence:" + execution.getVariable("reviewAgency")));
        Mocks.register("notifyLate", (JavaDelegate) execution ->
                calls.add("notifyLate:" + execution.getVariable("noticeKind") + ":" + execution.getVariable("noticeGroup")));
        Mocks.register("closeCase", (JavaDelegate) execution -> calls.add("closeCase:" + execution.getVariable("closeReason")));
        Mocks.register("statutoryClock", new StatutoryClock());
        Mocks.register("deadlines", new Deadlines());
    }

    /** Calls of one bean, e.g. {@code of("notifyLate")} → {@code ["notifyLate:reminder:tpe-land"]}. */
    List<String> of(String bean) {
        return calls.stream().filter(c -> c.equals(bean) || c.startsWith(bean + ":") || c.startsWith(bean + ".")).toList();
    }

    public final class StatutoryClock {
        public void stop(DelegateExecution execution) {
            calls.add("statutoryClock.stop");
        }

        public void resume(DelegateExecution execution) {
            calls.add("statutoryClock.resume");
        }
    }

    /** Working days are calendar days here; the engine-app's calendar skips weekends and holidays. */
    public static final class Deadlines {
        public Date workingDaysFromNow(int days) {
            return new Date(ClockUtil.getCurrentTime().getTime() + days * DAY);
        }
    }
}
