package tw.kuayu.cases;

import java.util.Set;
import org.springframework.stereotype.Component;
import tw.kuayu.casetype.Catalog;
import tw.kuayu.security.CurrentUser;
import tw.kuayu.tasks.TaskMapper;
import tw.kuayu.web.ApiException;

/**
 * Who may read a case: the owning agency, an agency that has been given a step of it (a reviewer
 * in 會辦, a higher level in 層轉, a co-signer in 會銜), and managers (read only). Everyone else is
 * told the case does not exist.
 */
@Component
public class CaseAccess {

    private final CaseMapper cases;
    private final Catalog catalog;
    private final TaskMapper tasks;

    public CaseAccess(CaseMapper cases, Catalog catalog, TaskMapper tasks) {
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

    /** The case if the user works for its owning agency (filing, withdrawal, correction replies). */
    public CaseRecord owned(CurrentUser user, String caseId) {
        CaseRecord c = readable(user, caseId);
        if (!user.actingAgencies(catalog).contains(c.ownerAgency())) {
            throw ApiException.forbidden("只有受理機關可以辦理此項作業。");
        }
        return c;
    }

    private boolean mayRead(CurrentUser user, CaseRecord c) {
        Set<String> agencies = user.agencies(catalog);
        if (user.isManager() || agencies.contains(c.ownerAgency())) {
            return true;
        }
        return tasks.agenciesOf(c.id()).stream().anyMatch(agencies::contains);
    }
}
