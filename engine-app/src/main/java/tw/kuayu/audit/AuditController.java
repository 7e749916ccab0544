package tw.kuayu.audit;

import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tw.kuayu.audit.DataAccessLogMapper.DataAccessEntry;

/** The data-access log for auditors (the security chain admits the {@code auditors} group only). */
@RestController
public class AuditController {

    private final DataAccessLogMapper log;

    public AuditController(DataAccessLogMapper log) {
        this.log = log;
    }

    @GetMapping("/api/audit/data-access")
    public List<DataAccessEntry> dataAccess(@RequestParam String caseId) {
        return log.findByCase(caseId);
    }
}
