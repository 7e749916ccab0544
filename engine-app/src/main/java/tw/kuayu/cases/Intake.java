package tw.kuayu.cases;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tw.kuayu.calendar.WorkingCalendar;
import tw.kuayu.sla.SlaRollup;
import tw.kuayu.casetype.Catalog;
import tw.kuayu.casetype.CatalogProperties.CaseType;
import tw.kuayu.casetype.CatalogProperties.DataField;
import tw.kuayu.notification.NotificationConsents;
import tw.kuayu.security.CurrentUser;
import tw.kuayu.web.ApiException;
import tw.kuayu.web.TextRules;

/**
 * Files an application (收件): validates it completely, numbers it, stores it and starts its process
 * in one transaction, so a bad or failed intake leaves nothing behind.
 */
@Service
public class Intake {

    static final int MAX_NAME = 100;

    private final Catalog catalog;
    private final NationalIdPolicy nationalIds;
    private final Counters counters;
    private final CaseMapper cases;
    private final RuntimeService runtime;
    private final ObjectMapper json;
    private final Clock clock;
    private final WorkingCalendar calendar;
    private final SlaRollup rollup;
    private final NotificationConsents consents;

    public Intake(Catalog catalog, NationalIdPolicy nationalIds, Counters counters, CaseMapper cases, RuntimeService runtime,
                  ObjectMapper json, Clock clock, WorkingCalendar calendar, NotificationConsents consents, SlaRollup rollup) {
        this.catalog = catalog;
        this.nationalIds = nationalIds;
        this.counters = counters;
        this.cases = cases;
        this.runtime = runtime;
        this.json = json;
        this.clock = clock;
        this.calendar = calendar;
        this.consents = consents;
        this.rollup = rollup;
    }

    /** An earlier answer to the same {@code Idempotency-Key} from the same user, if any. */
    public CaseRecord previous(CurrentUser user, String idempotencyKey, IntakeRequest request) {
        if (idempotencyKey == null) {
            return null;
        }
        CaseRecord earlier = cases.findByIdempotencyKey(user.id(), idempotencyKey);
        if (earlier != null && !earlier.requestHash().equals(hash(request))) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "重複的冪等鍵",
                    "此 Idempotency-Key 已用於另一筆不同內容的申請（案號 " + earlier.caseNo() + "），請使用新的鍵值。");
        }
        return earlier;
    }

    @Transactional
    public CaseRecord file(CurrentUser user, String idempotencyKey, IntakeRequest request) {
        CaseType type = validate(request);
        if (!user.actingAgencies(catalog).contains(type.ownerAgency())) {
            throw ApiException.forbidden("此案件類型由" + catalog.agency(type.ownerAgency()).name() + "受理，您的帳號不屬於該機關。");
        }
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 200)) {
            throw ApiException.badRequest("Idempotency-Key 須為 1 到 200 字元。", List.of("Idempotency-Key"));
        }
        Instant now = clock.instant();
        String caseNo = counters.nextCaseNo(catalog.agency(type.ownerAgency()).code());
        CaseRecord record = new CaseRecord(UUID.randomUUID().toString(), caseNo, request.caseType(), type.ownerAgency(), CaseStatus.IN_PROGRESS,
                request.applicant().nationalId(), request.applicant().name().strip(), toJson(request.data()), null, now,
                calendar.dueAt(now, type.statutoryDays()), null, user.id(), idempotencyKey, hash(request));
        cases.insert(record);
        if (request.consent() != null) {
            consents.record(record.id(), request.consent(), user.id(), now);
        }
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("caseId", record.id());
        variables.put("caseNo", caseNo);
        variables.put("caseType", record.caseType());
        variables.put("ownerAgency", type.ownerAgency());
        variables.put("approverGroup", Catalog.roleGroup(type.ownerAgency(), type.approverRole()));
        variables.put("reviewAgencies", new ArrayList<>(type.jointReview().agencies()));
        variables.put("reviewWorkingDays", type.jointReview().workingDays());
        variables.put("escalateAfterWorkingDays", type.jointReview().escalateAfterWorkingDays());
        variables.put("referralLevels", new ArrayList<>(type.referral().levels()));
        variables.put("coSigners", new ArrayList<>(type.coSigning().agencies()));
        variables.put("correctionWorkingDays", type.correction().workingDays());
        ProcessInstance instance = runtime.startProcessInstanceByKey(type.processKey(), caseNo, variables);
        cases.setProcessInstance(record.id(), instance.getId());
        // last: the day's rollup row is shared by every intake and closing of the agency and case type, and
        // stays locked until this transaction commits (decision 036)
        rollup.received(record.id());
        return cases.findById(record.id());
    }

    private CaseType validate(IntakeRequest request) {
        if (request == null) {
            throw ApiException.badRequest("請提供申請資料。", List.of());
        }
        CaseType type = catalog.caseType(request.caseType()).orElse(null);
        List<String> errors = new ArrayList<>();
        if (type == null) {
            errors.add("caseType: 未知的案件類型「" + request.caseType() + "」，可用類型請見 GET /api/case-types");
        }
        if (request.applicant() == null) {
            errors.add("applicant: 必填（nationalId、name）");
        } else {
            if (request.applicant().nationalId() == null || request.applicant().nationalId().isBlank()) {
                errors.add("applicant.nationalId: 必填");
            } else if (!nationalIds.accepts(request.applicant().nationalId())) {
                errors.add("applicant.nationalId: 身分證統一編號格式或檢查碼錯誤");
            }
            String name = request.applicant().name();
            if (name == null || name.isBlank()) {
                errors.add("applicant.name: 必填");
            } else if (name.codePointCount(0, name.length()) > MAX_NAME) {
                errors.add("applicant.name: 不可超過 " + MAX_NAME + " 字");
            } else if (TextRules.nameProblem(name) != null) {
                errors.add("applicant.name: " + TextRules.nameProblem(name));
            }
        }
        if (type != null) {
            Map<String, Object> data = request.data() == null ? Map.of() : request.data();
            for (DataField field : type.dataFields()) {
                Object value = data.get(field.name());
                if (value == null || value.toString().isBlank()) {
                    if (field.required()) {
                        errors.add("data." + field.name() + ": 必填（" + field.label() + "）");
                    }
                } else if (!(value instanceof String || value instanceof Number)) {
                    errors.add("data." + field.name() + ": 須為文字或數字（" + field.label() + "）");
                } else if (field.maxLength() != null && value.toString().length() > field.maxLength()) {
                    errors.add("data." + field.name() + ": 不可超過 " + field.maxLength() + " 字（" + field.label() + "）");
                } else if (TextRules.problem(value.toString(), false) != null) {
                    errors.add("data." + field.name() + ": " + TextRules.problem(value.toString(), false) + "（" + field.label() + "）");
                }
            }
            for (String key : data.keySet()) {
                if (type.dataFields().stream().noneMatch(f -> f.name().equals(key))) {
                    errors.add("data." + key + ": 此案件類型沒有這個欄位");
                }
            }
        }
        errors.addAll(NotificationConsents.problems(request.consent()));
        if (!errors.isEmpty()) {
            throw ApiException.badRequest("申請資料有 " + errors.size() + " 處需要更正：" + String.join("；", errors), errors);
        }
        return type;
    }

    private String toJson(Map<String, Object> data) {
        try {
            return json.writeValueAsString(data == null ? Map.of() : data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private String hash(IntakeRequest request) {
        try {
            byte[] canonical = json.writer().with(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                    .writeValueAsBytes(request);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
