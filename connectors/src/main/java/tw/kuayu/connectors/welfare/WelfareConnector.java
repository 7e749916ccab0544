package tw.kuayu.connectors.welfare;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import tw.kuayu.connectors.EvidenceRequest;
import tw.kuayu.connectors.HttpAgencyConnector;
import tw.kuayu.connectors.OfficeHours;
import tw.kuayu.connectors.SourceSettings;

/**
 * 社政 social welfare status (衛生福利部社會救助及社工司): JSON in snake_case with return codes
 * ({@code rtn_code} 00 found, 01 no record, 98 outside office hours). Keeps office hours
 * (weekdays 08:00–20:00, Saturday 08:00–12:00; configure {@link SourceSettings#openingHours()} to skip calls when closed).
 * {@code GET /welfare/ws/query?idno={id}&type=LOW_INCOME|DISABILITY}.
 *
 * <p>Record types {@value #LOW_INCOME} and {@value #DISABILITY}, fields {@link #LOW_INCOME_FIELDS} and {@link #DISABILITY_FIELDS}.
 */
public final class WelfareConnector extends HttpAgencyConnector {

    public static final String SOURCE = "welfare";
    public static final String LOW_INCOME = "low-income-status";
    public static final String DISABILITY = "disability-status";
    public static final Set<String> LOW_INCOME_FIELDS = Set.of(
            "lowIncome", "middleLowIncome", "status", "category", "householdSize", "validFrom", "validTo", "office");
    public static final Set<String> DISABILITY_FIELDS = Set.of("disabled", "level", "category", "validTo");

    public WelfareConnector(SourceSettings settings) {
        this(settings, null);
    }

    public WelfareConnector(SourceSettings settings, Clock clock) {
        super(SOURCE, "社政", "衛生福利部社會救助及社工司",
                Map.of(LOW_INCOME, LOW_INCOME_FIELDS, DISABILITY, DISABILITY_FIELDS), settings, clock);
    }

    @Override
    protected Answer call(EvidenceRequest request) {
        boolean lowIncome = LOW_INCOME.equals(request.recordType());
        HttpResponse<String> response = send(request("/welfare/ws/query?idno=" + encode(request.nationalId())
                + "&type=" + (lowIncome ? "LOW_INCOME" : "DISABILITY"), request).GET().build());
        if (response.statusCode() == 503 && response.body().contains("\"98\"")) {
            JsonNode body = parseJson(response);
            if ("98".equals(text(body, "rtn_code"))) {
                throw closed(settings.openingHours() == null ? OfficeHours.welfareDefault().describe() : settings.openingHours().describe(), null);
            }
        }
        checkStatus(response);
        JsonNode body = parseJson(response);
        String code = text(body, "rtn_code");
        if ("01".equals(code)) {
            return Answer.notFound();
        }
        if (!"00".equals(code)) {
            throw badResponse("回應代碼 " + code + " " + text(body, "rtn_msg"), null);
        }
        JsonNode d = body.get("data");
        if (d == null || !d.isObject()) {
            throw badResponse("缺少 data", null);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        if (lowIncome) {
            String status = text(d, "status");
            if (status == null) {
                throw badResponse("缺少 status", null);
            }
            data.put("lowIncome", "低收入戶".equals(status));
            data.put("middleLowIncome", "中低收入戶".equals(status));
            data.put("status", status);
            data.put("category", text(d, "category"));
            data.put("householdSize", d.path("household_size").isNumber() ? d.get("household_size").intValue() : null);
            data.put("validFrom", text(d, "valid_from"));
            data.put("validTo", text(d, "valid_to"));
            data.put("office", text(d, "office"));
        } else {
            JsonNode disabled = d.get("disabled");
            if (disabled == null || !disabled.isBoolean()) {
                throw badResponse("缺少 disabled", null);
            }
            data.put("disabled", disabled.booleanValue());
            data.put("level", text(d, "level"));
            data.put("category", text(d, "category"));
            data.put("validTo", text(d, "valid_to"));
        }
        return new Answer(true, data, isoDate(text(body, "data_date")));
    }
}
