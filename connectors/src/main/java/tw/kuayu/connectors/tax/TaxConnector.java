package tw.kuayu.connectors.tax;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import tw.kuayu.connectors.EvidenceRequest;
import tw.kuayu.connectors.HttpAgencyConnector;
import tw.kuayu.connectors.SourceSettings;

/**
 * 財稅 tax (財政部財政資訊中心): verdicts only, never figures (稅捐稽徵法第33條); a monthly batch,
 * so the as-of date is the first day of the month. {@code POST /tax/verdicts}.
 *
 * <p>Record types {@value #INCOME_BELOW_THRESHOLD} and {@value #PROPERTY_BELOW_THRESHOLD}; the only field is
 * {@code meets} (true/false). The thresholds are the statutory ones the tax centre applies.
 */
public final class TaxConnector extends HttpAgencyConnector {

    public static final String SOURCE = "tax";
    public static final String INCOME_BELOW_THRESHOLD = "income-below-threshold";
    public static final String PROPERTY_BELOW_THRESHOLD = "property-below-threshold";
    public static final Set<String> FIELDS = Set.of("meets");

    public TaxConnector(SourceSettings settings) {
        this(settings, null);
    }

    public TaxConnector(SourceSettings settings, Clock clock) {
        super(SOURCE, "財稅", "財政部財政資訊中心",
                Map.of(INCOME_BELOW_THRESHOLD, FIELDS, PROPERTY_BELOW_THRESHOLD, FIELDS), settings, clock);
    }

    @Override
    protected Answer call(EvidenceRequest request) {
        ObjectNode body = JSON.createObjectNode()
                .put("nationalId", request.nationalId())
                .put("question", request.recordType())
                .put("caseNo", request.caseNo())
                .put("purpose", request.purpose())
                .put("legalBasis", request.legalBasis())
                .put("requestedBy", request.requestedBy());
        HttpResponse<String> response = send(request("/tax/verdicts", request)
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
        int status = response.statusCode();
        if (status == 403 || status == 422) {
            JsonNode error = parseJson(response);
            if (error.hasNonNull("message") && !"HTTP_403".equals(text(error, "error"))) {
                throw refused(text(error, "message"));
            }
        }
        checkStatus(response);
        JsonNode answer = parseJson(response);
        LocalDate asOf = isoDate(text(answer, "asOf"));
        JsonNode found = answer.get("found");
        if (found == null || !found.isBoolean()) {
            throw badResponse("缺少 found", null);
        }
        if (!found.booleanValue()) {
            return new Answer(false, Map.of(), asOf);
        }
        JsonNode meets = answer.get("meets");
        if (meets == null || !meets.isBoolean()) {
            throw badResponse("缺少查核結果 meets", null);
        }
        return new Answer(true, Map.of("meets", meets.booleanValue()), asOf);
    }
}
