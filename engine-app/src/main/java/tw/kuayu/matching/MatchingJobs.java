package tw.kuayu.matching;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tw.kuayu.casetype.Catalog;
import tw.kuayu.cases.Counters;
import tw.kuayu.cases.NationalIdPolicy;
import tw.kuayu.connectors.ConnectorRegistry;
import tw.kuayu.matching.MatchingMapper.MatchingItem;
import tw.kuayu.matching.MatchingMapper.MatchingJob;
import tw.kuayu.matching.MatchingProperties.Rule;
import tw.kuayu.security.CurrentUser;
import tw.kuayu.security.Roles;
import tw.kuayu.web.ApiException;

/**
 * Batch matching (勾稽): checks a submitted list and, only when all of it is right, stores the job and
 * its persons and starts process {@value #PROCESS_KEY} in one transaction; the engine then works
 * through the list in chunks, one job each, with retries.
 */
@Service
public class MatchingJobs {

    public static final String PROCESS_KEY = "kuayu-matching";
    public static final String RUNNING = "running";
    public static final String COMPLETED = "completed";
    public static final String PENDING = "pending";
    static final int MAX_PURPOSE = 150;

    /** What the submitter asks for, besides the list. */
    public record Submission(String source, String recordType, String fields, String purpose, String legalBasis, String fileName) {
    }

    /** Progress of a job; {@code problems}: why it waits (a source that fails), while it does. */
    public record Progress(String id, String jobNo, String state, String agency, String requestedBy, String source, String recordType,
                           List<String> fields, String purpose, String legalBasis, String fileName, int total, int checked,
                           Map<String, Integer> outcomes, Instant createdAt, Instant finishedAt, List<String> problems) {
    }

    private final MatchingProperties properties;
    private final MatchingMapper mapper;
    private final ConnectorRegistry connectors;
    private final NationalIdPolicy nationalIds;
    private final Catalog catalog;
    private final Counters counters;
    private final RuntimeService runtime;
    private final ManagementService management;
    private final Clock clock;

    public MatchingJobs(MatchingProperties properties, MatchingMapper mapper, ConnectorRegistry connectors, NationalIdPolicy nationalIds,
                        Catalog catalog, Counters counters, RuntimeService runtime, ManagementService management, Clock clock) {
        this.properties = properties;
        this.mapper = mapper;
        this.connectors = connectors;
        this.nationalIds = nationalIds;
        this.catalog = catalog;
        this.counters = counters;
        this.runtime = runtime;
        this.management = management;
        this.clock = clock;
    }

    @Transactional
    public Progress submit(CurrentUser user, Submission submission, byte[] file) {
        List<String> problems = new ArrayList<>();
        Rule rule = rule(user, submission, problems);
        List<String> fields = fields(rule, submission.fields(), problems);
        if (submission.purpose() == null || submission.purpose().isBlank()) {
            problems.add("purpose: 必填（本次勾稽之目的，將記入資料查詢紀錄）");
        } else if (submission.purpose().codePointCount(0, submission.purpose().length()) > MAX_PURPOSE) {
            problems.add("purpose: 不可超過 " + MAX_PURPOSE + " 字");
        }
        MatchingUpload.Parsed parsed;
        if (file == null || file.length == 0) {
            parsed = new MatchingUpload.Parsed(List.of(), List.of("file: 請以 multipart 欄位「file」上傳名單（CSV，每行一個身分證統一編號）"));
        } else if (file.length > properties.maxBytes().toBytes()) {
            parsed = new MatchingUpload.Parsed(List.of(), List.of("file: 檔案大小 " + file.length + " 位元組，超過上限 "
                    + properties.maxBytes().toBytes() + " 位元組，請分批送出"));
        } else {
            parsed = MatchingUpload.parse(file, properties.maxPersons(), nationalIds::accepts);
        }
        problems.addAll(parsed.problems());
        if (!problems.isEmpty()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "勾稽名單有誤", "勾稽申請有 " + problems.size() + " 處需要更正，名單未送出："
                    + String.join("；", problems.subList(0, Math.min(problems.size(), 10))) + (problems.size() > 10 ? "；…" : ""), problems);
        }
        String agency = rule.agencies().stream().filter(user.agencies(catalog)::contains).findFirst().orElseThrow();
        Instant now = clock.instant();
        String id = UUID.randomUUID().toString();
        String jobNo = String.format("%d-%s-M%05d", counters.rocYear(), catalog.agency(agency).code(),
                counters.next("MATCH:" + catalog.agency(agency).code() + ":" + counters.rocYear()));
        int size = properties.chunkSize();
        mapper.insertJob(new MatchingJob(id, jobNo, agency, user.id(), rule.source(), rule.recordType(), String.join(",", fields),
                submission.purpose().strip(), rule.legalBasis(), fileName(submission.fileName()), RUNNING, parsed.persons().size(), size,
                now, null, null));
        int index = 0;
        for (MatchingUpload.Person person : parsed.persons()) {
            mapper.insertItem(new MatchingItem(id, person.lineNo(), index++ / size, person.nationalId(), PENDING, null, null, null, null));
        }
        List<Integer> chunks = new ArrayList<>();
        for (int c = 0; c * size < parsed.persons().size(); c++) {
            chunks.add(c);
        }
        String instance = runtime.startProcessInstanceByKey(PROCESS_KEY, jobNo, Map.of("matchingJobId", id, "chunks", chunks)).getId();
        mapper.setProcessInstance(id, instance);
        return progress(mapper.find(id));
    }

    /** The job if the user may see it: staff of the submitting agency, and auditors. */
    public MatchingJob readable(CurrentUser user, String id) {
        MatchingJob job = id == null || id.length() > 36 ? null : mapper.find(id);
        if (job == null || !(user.inGroup(Roles.AUDITORS) || user.agencies(catalog).contains(job.agency()))) {
            throw ApiException.notFound("查無此勾稽作業，或您的機關未提出此作業。");
        }
        return job;
    }

    public Progress progress(MatchingJob job) {
        Map<String, Integer> outcomes = new java.util.TreeMap<>();
        int checked = 0;
        for (MatchingMapper.OutcomeCount count : mapper.outcomes(job.id())) {
            outcomes.put(count.outcome(), count.persons());
            if (!PENDING.equals(count.outcome())) {
                checked += count.persons();
            }
        }
        List<String> problems = new ArrayList<>();
        if (job.processInstanceId() != null && RUNNING.equals(job.state())) {
            for (Job failing : management.createJobQuery().processInstanceId(job.processInstanceId()).withException().list()) {
                problems.add((failing.getRetries() == 0 ? "已停止重試，請資訊單位於 Cockpit 處理：" : "系統將自動重試：") + failing.getExceptionMessage());
            }
        }
        return new Progress(job.id(), job.jobNo(), job.state(), job.agency(), job.requestedBy(), job.source(), job.recordType(),
                job.fieldList(), job.purpose(), job.legalBasis(), job.fileName(), job.total(), checked, outcomes, job.createdAt(),
                job.finishedAt(), List.copyOf(new LinkedHashSet<>(problems)));
    }

    private Rule rule(CurrentUser user, Submission s, List<String> problems) {
        Set<String> agencies = user.agencies(catalog);
        List<Rule> mine = properties.rules().stream().filter(r -> r.agencies().stream().anyMatch(agencies::contains)).toList();
        if (mine.isEmpty()) {
            throw ApiException.forbidden("您的機關未獲授權辦理批次勾稽。");
        }
        for (String[] required : new String[][] {{"source", s.source()}, {"recordType", s.recordType()}, {"legalBasis", s.legalBasis()}}) {
            if (required[1] == null || required[1].isBlank()) {
                problems.add(required[0] + ": 必填");
            }
        }
        Rule rule = mine.stream().filter(r -> r.source().equals(s.source()) && r.recordType().equals(s.recordType())
                && r.legalBasis().equals(s.legalBasis() == null ? null : s.legalBasis().strip())).findFirst().orElse(null);
        if (rule == null && problems.isEmpty()) {
            List<String> offered = mine.stream().map(r -> r.source() + "/" + r.recordType() + "「" + r.legalBasis() + "」").toList();
            problems.add("legalBasis: 資料來源 " + s.source() + " 的「" + s.recordType() + "」未以此法律依據開放貴機關批次勾稽（可用："
                    + String.join("、", offered) + "）");
        }
        if (rule != null && connectors.find(rule.source()).isEmpty()) {
            problems.add("source: 本系統未設定資料來源「" + rule.source() + "」之連線");
        }
        return rule;
    }

    private static List<String> fields(Rule rule, String asked, List<String> problems) {
        if (rule == null) {
            return List.of();
        }
        if (asked == null || asked.isBlank()) {
            return rule.fields();
        }
        List<String> fields = new ArrayList<>();
        for (String field : asked.split(",")) {
            String f = field.strip();
            if (f.isEmpty() || fields.contains(f)) {
                continue;
            }
            if (!rule.fields().contains(f)) {
                problems.add("fields: 欄位「" + f + "」超出法律依據「" + rule.legalBasis() + "」允許之範圍（可查詢：" + String.join("、", rule.fields())
                        + "），依個人資料保護法比例原則不予查詢");
            }
            fields.add(f);
        }
        return fields;
    }

    private static String fileName(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        String base = name.replaceAll(".*[/\\\\]", "");
        return base.length() > 200 ? base.substring(0, 200) : base;
    }
}
