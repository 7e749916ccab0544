package tw.kuayu.cases;

import java.util.Set;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.springframework.stereotype.Component;
import tw.kuayu.casetype.Catalog;
import tw.kuayu.security.CurrentUser;
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

    public CaseAccess(CaseMapper cases, Catalog catalog, TaskService tasks) {
        this.cases = cases;
        this.catalog = catalog;
        this.tasks = tasks;
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
                .flatMap(t -> tasks.getIdentityLinksForTask(t.getId()).stream())
                .filter(l -> IdentityLinkType.CANDIDATE.equals(l.getType()) && l.getGroupId() != null)
                .map(l -> Catalog.agencyOfGroup(l.getGroupId()))
                .anyMatch(agencies::contains);
    }
}
