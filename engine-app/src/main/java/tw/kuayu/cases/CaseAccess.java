package tw.kuayu.cases;

import java.util.Set;
import org.camunda.bpm.engine.TaskService;
import org.springframework.stereotype.Component;
import tw.kuayu.casetype.Catalog;
import tw.kuayu.security.CurrentUser;
import tw.kuayu.tasks.Worklist;
import tw.kuayu.web.ApiException;

/**
 * Who may read a case: the owning agency, an agency that holds one of its open tasks, and
 * managers (read only). Everyone else is told the case does not exist.
 */
@Component
public class CaseAccess {

    private final CaseMapper cases;
    private final Catalog catalog;
    private final TaskService tasks;
    private final Worklist worklist;

    public CaseAccess(CaseMapper cases, Catalog catalog, TaskService tasks, Worklist worklist) {
        this.cases = cases;
        this.catalog = catalog;
        this.tasks = tasks;
        this.worklist = worklist;
    }

    public CaseRecord readable(CurrentUser user, String caseId) {
        CaseRecord c = caseId == null || caseId.length() > 36 ? null : cases.findById(caseId);
        if (c == null || !mayRead(user, c)) {
            throw ApiException.notFound("查無此案件，或您的機關未參與此案件。");
        }
        return c;
    }

    private boolean mayRead(CurrentUser user, CaseRecord c) {
        Set<String> agencies = user.agencies(catalog);
        if (user.isManager() || agencies.contains(c.ownerAgency())) {
            return true;
        }
        if (c.processInstanceId() == null) {
            return false;
        }
        return tasks.createTaskQuery().processInstanceId(c.processInstanceId()).list().stream()
                .flatMap(t -> worklist.candidateGroups(t.getId()).stream())
                .map(Catalog::agencyOfGroup)
                .anyMatch(agencies::contains);
    }
}
