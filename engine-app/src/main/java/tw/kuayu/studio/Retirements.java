package tw.kuayu.studio;

import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tw.kuayu.security.CurrentUser;
import tw.kuayu.studio.RetirementMapper.RetirementRow;
import tw.kuayu.web.ApiException;

/**
 * Retiring a version: its definition is suspended, so nothing can start a new instance of it (not by id
 * through the engine's REST API or Cockpit either), while its running instances go on. Camunda's suspension
 * also suspends the definition's job definitions, which would leave every timer and asynchronous step that a
 * running instance reaches afterwards suspended; they are reactivated at once, so running cases keep moving.
 * The latest version cannot be retired: cases and call activities start on the latest version of a key
 * (decision 019), so a latest version that refused new instances would refuse every new case.
 */
@Service
class Retirements {

    private static final Logger log = LoggerFactory.getLogger(Retirements.class);

    private final Definitions definitions;
    private final RepositoryService repository;
    private final ManagementService management;
    private final RetirementMapper retirements;
    private final Clock clock;

    Retirements(Definitions definitions, RepositoryService repository, ManagementService management, RetirementMapper retirements, Clock clock) {
        this.definitions = definitions;
        this.repository = repository;
        this.management = management;
        this.retirements = retirements;
        this.clock = clock;
    }

    record RetirementState(String key, int version, String id, boolean retired, List<RetirementRow> history) {
    }

    @Transactional
    public RetirementState retire(String key, int version, String reason, CurrentUser user) {
        String why = Reasons.required(reason);
        ProcessDefinition d = definitions.version(key, version);
        if (definitions.latest(key).getId().equals(d.getId())) {
            throw ApiException.conflict("第 " + version + " 版是流程「" + key + "」的最新版本，新案件都從最新版本開始，不能停用；"
                    + "若要回復舊流程，請取得舊版 XML 重新部署為新版本。");
        }
        if (!d.isSuspended()) {
            repository.suspendProcessDefinitionById(d.getId(), false, null);
            management.activateJobDefinitionByProcessDefinitionId(d.getId(), false);
            record(d, RetirementMapper.RETIRE, why, user);
            log.info("Process version retired by {}: {}", user.id(), d.getId());
        }
        return state(key, version);
    }

    @Transactional
    public RetirementState reactivate(String key, int version, String reason, CurrentUser user) {
        String why = Reasons.required(reason);
        ProcessDefinition d = definitions.version(key, version);
        if (d.isSuspended()) {
            repository.activateProcessDefinitionById(d.getId(), false, null);
            record(d, RetirementMapper.REACTIVATE, why, user);
            log.info("Process version reactivated by {}: {}", user.id(), d.getId());
        }
        return state(key, version);
    }

    RetirementState state(String key, int version) {
        ProcessDefinition d = definitions.version(key, version);
        return new RetirementState(key, version, d.getId(), d.isSuspended(), retirements.history(d.getId()));
    }

    private void record(ProcessDefinition d, String action, String why, CurrentUser user) {
        retirements.insert(new RetirementRow(UUID.randomUUID().toString(), d.getId(), d.getKey(), d.getVersion(), action, user.id(),
                clock.instant(), why));
    }
}
