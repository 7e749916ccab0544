package tw.kuayu.studio;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tw.kuayu.processes.checks.ModelChecks;
import tw.kuayu.processes.checks.Problem;
import tw.kuayu.security.CurrentUser;
import tw.kuayu.studio.DraftMapper.DraftRow;
import tw.kuayu.studio.ProcessDeployer.Deployed;
import tw.kuayu.web.ApiException;

/**
 * A process owner's draft of a model: saved in Kuayu's table with who and when, checked on every save and
 * read (the findings are returned, not enforced), never deployed until the owner deploys it through the
 * same path as {@code POST /api/processes}. A draft must be safe, parsable BPMN whose executable process
 * is the key it is saved under; anything else is refused and nothing is saved.
 */
@Service
class Drafts {

    /** Findings that make a file unusable as a draft (not readable or not the key's model). */
    private static final Set<String> UNREADABLE = Set.of("xml.doctype", "xml.malformed", "model.unparsable");
    private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,254}");

    private final DraftMapper drafts;
    private final LiveCheckContext context;
    private final Definitions definitions;
    private final ProcessDeployer deployer;
    private final Clock clock;

    Drafts(DraftMapper drafts, LiveCheckContext context, Definitions definitions, ProcessDeployer deployer, Clock clock) {
        this.drafts = drafts;
        this.context = context;
        this.definitions = definitions;
        this.deployer = deployer;
        this.clock = clock;
    }

    /** A saved draft with the checks' findings (empty: it would deploy as it is); {@code xml} only when read back. */
    record DraftView(String key, Integer baseVersion, String savedBy, Instant savedAt, List<Problem> problems, String xml) {
    }

    @Transactional
    public DraftView save(String key, byte[] bpmn, CurrentUser user) {
        checkKey(key);
        if (bpmn.length == 0) {
            throw ApiException.badRequest("請以請求內容（Content-Type: application/xml）傳送 BPMN XML。", List.of());
        }
        List<Problem> problems = ModelChecks.check(bpmn, context.current());
        List<String> unreadable = problems.stream().filter(p -> UNREADABLE.contains(p.code())).map(Problem::toString).toList();
        if (!unreadable.isEmpty()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "草稿無法儲存", "檔案不是可讀取的 BPMN 模型，草稿未儲存。", unreadable);
        }
        List<String> keys = StudioDeployment.executableKeys(bpmn);
        if (!keys.contains(key)) {
            throw ApiException.badRequest("草稿的可執行流程代碼（process id）須為「" + key + "」，模型中為 " + keys + "；草稿未儲存。",
                    List.of("definitions: 流程代碼不符"));
        }
        ProcessDefinition latest = definitions.latestOrNull(key);
        DraftRow row = new DraftRow(key, bpmn, latest == null ? null : latest.getVersion(), user.id(), clock.instant());
        drafts.delete(key);
        try {
            drafts.insert(row);
        } catch (DuplicateKeyException e) {
            throw ApiException.conflict("另一位使用者同時儲存了此流程的草稿，請重新載入後再儲存。");
        }
        return view(row, problems, false);
    }

    public DraftView get(String key) {
        DraftRow row = find(key);
        return view(row, ModelChecks.check(row.bpmn(), context.current()), true);
    }

    /** The draft's BPMN, for the diff. */
    byte[] xml(String key) {
        return find(key).bpmn();
    }

    @Transactional
    public void delete(String key) {
        if (drafts.delete(key) == 0) {
            throw noDraft(key);
        }
    }

    /** Deploys the draft through the deploy path (checks, who and why recorded) and removes it. */
    @Transactional
    public Deployed deploy(String key, String reason, CurrentUser user) {
        String why = Reasons.required(reason);
        DraftRow row = find(key);
        Deployed deployed = deployer.deploy(row.bpmn(), why, user);
        drafts.delete(key);
        return deployed;
    }

    private DraftRow find(String key) {
        DraftRow row = drafts.find(key);
        if (row == null) {
            throw noDraft(key);
        }
        return row;
    }

    private static ApiException noDraft(String key) {
        return ApiException.notFound("流程「" + key + "」沒有已儲存的草稿。");
    }

    private static void checkKey(String key) {
        if (!KEY.matcher(key).matches()) {
            throw ApiException.badRequest("流程代碼「" + key + "」格式不正確：須以英文字母或底線開頭，只含英數字、底線、連字號與句點。",
                    List.of("key"));
        }
    }

    private static DraftView view(DraftRow row, List<Problem> problems, boolean withXml) {
        return new DraftView(row.processKey(), row.baseVersion(), row.savedBy(), row.savedAt(), problems,
                withXml ? new String(row.bpmn(), StandardCharsets.UTF_8) : null);
    }
}
