package tw.kuayu.notification;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tw.kuayu.cases.CaseRecord;

/** The values a notification sends: only the listed fields of the application, those that were filled in. */
@Component
public class NotificationData {

    private final ObjectMapper json;

    public NotificationData(ObjectMapper json) {
        this.json = json;
    }

    public Map<String, String> of(CaseRecord c, List<String> fields) {
        Map<String, Object> application;
        try {
            application = c.dataJson() == null ? Map.of() : json.readValue(c.dataJson(), new TypeReference<Map<String, Object>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("case " + c.caseNo() + " has unreadable application data", e);
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String field : fields) {
            Object value = application.get(field);
            if (value != null && !value.toString().isBlank()) {
                values.put(field, value.toString());
            }
        }
        return values;
    }
}
