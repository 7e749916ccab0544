package tw.kuayu.matching;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tw.kuayu.connectors.NationalId;
import tw.kuayu.matching.MatchingMapper.MatchingItem;
import tw.kuayu.matching.MatchingMapper.MatchingJob;
import tw.kuayu.web.CsvWriter;

/**
 * The result file of a matching job: one line per person in upload order, the line number of the
 * upload (to match it back), the national ID masked, the outcome and one column per asked field.
 */
@Component
public class MatchingResultCsv {

    static final Map<String, String> OUTCOME_LABELS = Map.of("found", "有資料", "no-record", "查無資料", "refused", "拒絕查詢",
            "pending", "未完成");

    private final MatchingMapper mapper;
    private final ObjectMapper json;

    public MatchingResultCsv(MatchingMapper mapper, ObjectMapper json) {
        this.mapper = mapper;
        this.json = json;
    }

    public byte[] render(MatchingJob job) {
        List<String> fields = job.fieldList();
        CsvWriter csv = CsvWriter.withHeader("行號 line,身分證統一編號 nationalIdMasked,結果 outcome,資料基準日 asOf,"
                + String.join(",", fields) + ",說明 detail");
        for (MatchingItem item : mapper.items(job.id())) {
            Map<String, Object> data = read(item.dataJson());
            List<Object> cells = new ArrayList<>(List.of(item.lineNo(), NationalId.mask(item.nationalId()),
                    OUTCOME_LABELS.getOrDefault(item.outcome(), item.outcome()), item.asOf() == null ? "" : item.asOf().toString()));
            for (String field : fields) {
                cells.add(valueAt(data, field));
            }
            cells.add(item.detail());
            csv.line(cells.toArray());
        }
        return csv.bytes();
    }

    private Map<String, Object> read(String dataJson) {
        if (dataJson == null) {
            return Map.of();
        }
        try {
            return json.readValue(dataJson, new TypeReference<Map<String, Object>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code members.name} over a list gives every member's name, joined with 、. */
    static String valueAt(Object node, String path) {
        List<String> out = new ArrayList<>();
        collect(node, path.split("\\."), 0, out);
        return String.join("、", out);
    }

    private static void collect(Object node, String[] path, int depth, List<String> out) {
        if (node == null) {
            return;
        }
        if (node instanceof List<?> list) {
            list.forEach(element -> collect(element, path, depth, out));
            return;
        }
        if (depth == path.length) {
            out.add(node.toString());
            return;
        }
        if (node instanceof Map<?, ?> map) {
            collect(map.get(path[depth]), path, depth + 1, out);
        }
    }
}
