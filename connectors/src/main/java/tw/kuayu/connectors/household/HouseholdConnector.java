package tw.kuayu.connectors.household;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import tw.kuayu.connectors.EvidenceRequest;
import tw.kuayu.connectors.HttpAgencyConnector;
import tw.kuayu.connectors.SourceSettings;

/**
 * 戶役政 household registration (內政部戶政司): a JSON REST API, real time.
 * {@code GET /household/api/v2/persons/{id}?fields=...}; 404 with resultCode E404 means no record.
 *
 * <p>Record type {@value #RECORD_TYPE}; fields: see {@link #FIELDS}. Members carry masked IDs only.
 */
public final class HouseholdConnector extends HttpAgencyConnector {

    public static final String SOURCE = "household";
    public static final String RECORD_TYPE = "household-registration";
    public static final Set<String> FIELDS = Set.of(
            "name", "gender", "birthDate", "registeredAddress", "registeredSince", "householdNo",
            "householdHeadId", "householdHeadName", "relationToHead",
            "members", "members.name", "members.relation", "members.birthDate", "members.nationalIdMasked",
            "indigenousStatus", "indigenousStatus.indigenous", "indigenousStatus.ethnicGroup", "indigenousStatus.category");

    public HouseholdConnector(SourceSettings settings) {
        this(settings, null);
    }

    public HouseholdConnector(SourceSettings settings, Clock clock) {
        super(SOURCE, "戶役政", "內政部戶政司", Map.of(RECORD_TYPE, FIELDS), settings, clock);
    }

    @Override
    protected Answer call(EvidenceRequest request) {
        String topLevel = request.fields().stream().map(f -> f.split("\\.")[0]).distinct().collect(Collectors.joining(","));
        HttpResponse<String> response = send(request(
                "/household/api/v2/persons/" + encode(request.nationalId()) + "?fields=" + encode(topLevel), request).GET().build());
        if (response.statusCode() == 404) {
            JsonNode body = parseJson(response);
            if ("E404".equals(text(body, "resultCode"))) {
                return Answer.notFound();
            }
            throw badResponse("HTTP 404 但無查無資料代碼", null);
        }
        if (response.statusCode() == 400) {
            JsonNode body = parseJson(response);
            throw refused(String.valueOf(text(body, "resultMessage")));
        }
        checkStatus(response);
        JsonNode body = parseJson(response);
        if (!"0000".equals(text(body, "resultCode"))) {
            throw badResponse("回應代碼 " + text(body, "resultCode"), null);
        }
        JsonNode person = body.get("person");
        if (person == null || !person.isObject()) {
            throw badResponse("缺少 person", null);
        }
        return Answer.found(toMap(person));
    }
}
