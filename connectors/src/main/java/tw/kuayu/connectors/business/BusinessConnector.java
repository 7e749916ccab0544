package tw.kuayu.connectors.business;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tw.kuayu.connectors.EvidenceRequest;
import tw.kuayu.connectors.HttpAgencyConnector;
import tw.kuayu.connectors.SourceSettings;

/**
 * 商工 business and factory registration (經濟部商業司): JSON with the registry's own field names
 * ({@code Business_Accounting_NO}, ROC dates), real time. {@code GET /business/api/v1/registrations?ownerId={id}};
 * empty company and factory lists mean no record.
 *
 * <p>Record type {@value #RECORD_TYPE}: {@code companies} and {@code factories} (lists), see {@link #FIELDS}.
 */
public final class BusinessConnector extends HttpAgencyConnector {

    public static final String SOURCE = "business";
    public static final String RECORD_TYPE = "business-registration";
    public static final Set<String> FIELDS = Set.of(
            "companies", "companies.businessNo", "companies.companyName", "companies.organizationType",
            "companies.representative", "companies.capitalTwd", "companies.status", "companies.setUpDate",
            "companies.address", "companies.businessItems",
            "factories", "factories.factoryRegistrationNo", "factories.factoryName", "factories.businessNo",
            "factories.address", "factories.zoning", "factories.zoningDetail", "factories.industry",
            "factories.status", "factories.registeredOn");

    public BusinessConnector(SourceSettings settings) {
        this(settings, null);
    }

    public BusinessConnector(SourceSettings settings, Clock clock) {
        super(SOURCE, "商工登記", "經濟部商業司", Map.of(RECORD_TYPE, FIELDS), settings, clock);
    }

    @Override
    protected Answer call(EvidenceRequest request) {
        HttpResponse<String> response = send(request("/business/api/v1/registrations?ownerId=" + encode(request.nationalId()), request)
                .GET().build());
        checkStatus(response);
        JsonNode body = parseJson(response);
        if (body.path("code").asInt() != 200) {
            throw badResponse("回應代碼 " + body.path("code").asText(), null);
        }
        JsonNode result = body.get("result");
        if (result == null || !result.path("Company_List").isArray() || !result.path("Factory_List").isArray()) {
            throw badResponse("缺少 Company_List 或 Factory_List", null);
        }
        List<Map<String, Object>> companies = new ArrayList<>();
        for (JsonNode c : result.get("Company_List")) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("businessNo", text(c, "Business_Accounting_NO"));
            m.put("companyName", text(c, "Company_Name"));
            m.put("organizationType", text(c, "Organization_Type"));
            m.put("representative", text(c, "Responsible_Name"));
            m.put("capitalTwd", c.path("Capital_Stock_Amount").isNumber() ? c.get("Capital_Stock_Amount").longValue() : null);
            m.put("status", text(c, "Company_Status_Desc"));
            m.put("setUpDate", rocToIso(text(c, "Company_Setup_Date")));
            m.put("address", text(c, "Company_Location"));
            List<String> items = new ArrayList<>();
            c.path("Business_Item").forEach(i -> items.add(i.asText()));
            m.put("businessItems", items);
            companies.add(m);
        }
        List<Map<String, Object>> factories = new ArrayList<>();
        for (JsonNode f : result.get("Factory_List")) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("factoryRegistrationNo", text(f, "Factory_Registration_NO"));
            m.put("factoryName", text(f, "Factory_Name"));
            m.put("businessNo", text(f, "Business_Accounting_NO"));
            m.put("address", text(f, "Factory_Location"));
            m.put("zoning", text(f, "Land_Use_Zoning"));
            m.put("zoningDetail", text(f, "Land_Use_Zoning_Detail"));
            m.put("industry", text(f, "Industry_Category"));
            m.put("status", text(f, "Factory_Status_Desc"));
            m.put("registeredOn", rocToIso(text(f, "Registration_Date")));
            factories.add(m);
        }
        if (companies.isEmpty() && factories.isEmpty()) {
            return Answer.notFound();
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("companies", companies);
        data.put("factories", factories);
        return Answer.found(data);
    }
}
