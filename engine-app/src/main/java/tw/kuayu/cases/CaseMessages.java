package tw.kuayu.cases;

import java.util.Map;
import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.RuntimeService;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tw.kuayu.security.CurrentUser;
import tw.kuayu.web.ApiException;

/**
 * What the applicant tells the owning agency while a case runs, recorded by its caseworker and
 * delivered to the case's process as a message: a withdrawal (撤回, message {@code caseWithdrawn})
 * or the answer to a correction request (補正, message {@code correctionReceived}).
 */
@Service
public class CaseMessages {

    static final int MAX_NOTE = 2000;

    private final CaseAccess access;
    private final RuntimeService runtime;

    public CaseMessages(CaseAccess access, RuntimeService runtime) {
        this.access = access;
        this.runtime = runtime;
    }

    public record Note(String note) {
    }

    @Transactional
    public void withdraw(CurrentUser user, String caseId, Note request) {
        CaseRecord c = open(user, caseId);
        deliver(c, "caseWithdrawn", Map.of("withdrawalNote", note(request)), "此案件目前無法撤回。");
    }

    @Transactional
    public void correctionReceived(CurrentUser user, String caseId, Note request) {
        CaseRecord c = open(user, caseId);
        deliver(c, "correctionReceived", Map.of("correctionNote", note(request)), "此案件目前並未等待申請人補正。");
    }

    private CaseRecord open(CurrentUser user, String caseId) {
        CaseRecord c = access.owned(user, caseId);
        if (!CaseStatus.IN_PROGRESS.equals(c.status())) {
            throw ApiException.conflict("此案件已結案（" + CaseStatus.label(c.status()) + "），無法再辦理。");
        }
        return c;
    }

    private static String note(Note request) {
        String note = request == null || request.note() == null ? "" : request.note().strip();
        if (note.isEmpty() || note.length() > MAX_NOTE) {
            throw ApiException.badRequest("請填寫說明（1 到 " + MAX_NOTE + " 字），例如申請人來文日期與內容摘要。", java.util.List.of("note"));
        }
        String problem = tw.kuayu.web.TextRules.problem(note, true);
        if (problem != null) {
            throw ApiException.badRequest("說明" + problem + "。", java.util.List.of("note: " + problem));
        }
        return note;
    }

    private void deliver(CaseRecord c, String message, Map<String, Object> variables, String notWaiting) {
        // asked first so that an ordinary "not waiting" answer does not log an engine error
        if (runtime.createEventSubscriptionQuery().processInstanceId(c.processInstanceId()).eventType("message")
                .eventName(message).count() == 0) {
            throw ApiException.conflict(notWaiting);
        }
        try {
            runtime.createMessageCorrelation(message).processInstanceId(c.processInstanceId()).setVariables(variables).correlate();
        } catch (MismatchingMessageCorrelationException e) {
            throw ApiException.conflict(notWaiting);
        }
    }
}
