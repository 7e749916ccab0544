package tw.kuayu.matching;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import tw.kuayu.connectors.NationalId;

/**
 * Reads an uploaded list (CSV, UTF-8, one person a line, the national ID in the first column, an
 * optional header line) and finds every problem in it at once, each with its line number. National
 * IDs in problems are masked.
 */
final class MatchingUpload {

    /** Problems listed in one answer; more are counted, not listed. */
    static final int MAX_LISTED = 100;

    record Person(int lineNo, String nationalId) {
    }

    record Parsed(List<Person> persons, List<String> problems) {
    }

    private MatchingUpload() {
    }

    static Parsed parse(byte[] bytes, int maxPersons, Predicate<String> acceptedId) {
        List<String> problems = new ArrayList<>();
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return new Parsed(List.of(), List.of("file: 檔案須為 UTF-8 編碼的 CSV（Excel 請另存為「CSV UTF-8」）"));
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        String[] lines = text.split("\r\n|\n|\r", -1);
        List<Person> persons = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        int problemCount = 0;
        boolean first = true;
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            String cell = line.split(",", 2)[0].strip();
            if (cell.length() > 1 && cell.startsWith("\"") && cell.endsWith("\"")) {
                cell = cell.substring(1, cell.length() - 1).strip();
            }
            String id = cell.toUpperCase(Locale.ROOT);
            boolean header = first && !id.matches("[A-Z][0-9].*");
            first = false;
            if (header) {
                continue; // a header line such as 身分證統一編號 or nationalId
            }
            String problem = null;
            if (!acceptedId.test(id)) {
                problem = "第 " + lineNo + " 行：身分證統一編號格式或檢查碼錯誤（" + NationalId.mask(id) + "）";
            } else if (seen.containsKey(id)) {
                problem = "第 " + lineNo + " 行：與第 " + seen.get(id) + " 行重複（" + NationalId.mask(id) + "）";
            }
            if (problem != null) {
                problemCount++;
                if (problems.size() < MAX_LISTED) {
                    problems.add(problem);
                }
                continue;
            }
            seen.put(id, lineNo);
            persons.add(new Person(lineNo, id));
        }
        if (problemCount > MAX_LISTED) {
            problems.add("另有 " + (problemCount - MAX_LISTED) + " 行有誤，未逐一列出");
        }
        if (persons.isEmpty() && problemCount == 0) {
            problems.add("file: 名單中沒有任何身分證統一編號");
        }
        if (persons.size() > maxPersons) {
            problems.add("file: 名單共 " + persons.size() + " 人，超過單次勾稽上限 " + maxPersons + " 人，請分批送出");
        }
        return new Parsed(persons, problems);
    }
}
