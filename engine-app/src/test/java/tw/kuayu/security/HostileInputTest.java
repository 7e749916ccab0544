package tw.kuayu.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import tw.kuayu.cases.ApiClient;
import tw.kuayu.cases.ApiClient.Answer;
import tw.kuayu.cases.CaseDriver;
import tw.kuayu.status.LookupThrottle;
import tw.kuayu.studio.Multipart;

/**
 * Hostile input over real HTTP, each probe its own named case: malformed and oversized JSON,
 * injection strings in every text field and query parameter, odd ids in every path parameter,
 * XXE and billion-laughs models, forged PDFs. A refused probe answers a 4xx
 * {@code application/problem+json} with a zh-TW detail and leaves no case, opinion or process
 * instance behind; strange but valid text (𡘙, emoji, {@code ${7*7}}) is stored verbatim, never evaluated.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputTest {

    static final String LAND_TAX = "land-value-tax-self-use";
    static final String PARCEL = "大安區龍泉段二小段0123-0000";
    static final String SQL = "' OR 1=1 --";
    static final String SCRIPT = "<script>alert(1)</script>";
    static final String JNDI = "${jndi:ldap://x/a}";
    static final String SPEL = "#{7*7}";
    static final String EL = "${7*7}";
    static final String CRLF = "第一行\r\nSet-Cookie: x=1";
    static final String NUL = "王\u0000小明";
    static final String RTL = "王小明\u202Egpj.exe";
    static final String LONE_SURROGATE = "王\uD800小明";
    static final String LONG_ID = "a".repeat(10_000);
    static final List<String> ODD_IDS = List.of("../../etc/passwd", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "..%2F..%2Fetc%2Fpasswd",
            LONG_ID, "%F0%A1%98%99", "%00", "' OR 1=1 --".replace(" ", "%20").replace("'", "%27"));

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    RuntimeService runtime;
    @Autowired
    LookupThrottle throttle;

    CaseDriver cases;
    ApiClient api;
    String caseId;
    String taskId;

    /** A request and the user sending it. */
    @FunctionalInterface
    interface Probe {
        Answer send(HostileInputTest t);
    }

    @BeforeAll
    void openCase() {
        cases = new CaseDriver(port);
        api = cases.api;
        caseId = cases.file("tax.clerk", LAND_TAX, "A123456789", "王小明", Map.of("parcelNo", PARCEL));
        taskId = cases.waitForTask(caseId, "review", "tax.clerk").path("id").asText();
    }

    @AfterAll
    void forgetMisses() {
        throttle.reset();
    }

    // ---------------------------------------------------------------- refused

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void isRefusedWithAProblemAndNothingStored(Probe probe) {
        long[] before = counts();
        Answer answer = probe.send(this);
        assertThat(answer.status()).as(answer.text()).isBetween(400, 499);
        assertThat(answer.contentType()).as(answer.text()).startsWith("application/problem+json");
        JsonNode problem = answer.json();
        assertThat(problem.path("status").asInt()).isEqualTo(answer.status());
        assertThat(problem.path("detail").asText()).as("zh-TW detail").containsPattern("\\p{IsHan}");
        assertThat(answer.text()).doesNotContain("Exception").doesNotContain("at tw.kuayu");
        assertThat(counts()).as("cases, opinions, process instances").containsExactly(before);
        throttle.reset();
    }

    Stream<Arguments> refused() {
        List<Arguments> all = new ArrayList<>();
        // malformed JSON
        all.add(probe("JSON: malformed", t -> t.intake("{\"caseType\": \"" + LAND_TAX + "\", applicant: }")));
        all.add(probe("JSON: truncated", t -> t.intake("{\"caseType\": \"" + LAND_TAX + "\", \"applicant\": {\"nationalId\": \"A1234")));
        all.add(probe("JSON: empty body", t -> t.intake("")));
        all.add(probe("JSON: array instead of object", t -> t.intake("[1,2,3]")));
        all.add(probe("JSON: duplicate key", t -> t.intake("{\"caseType\":\"" + LAND_TAX + "\",\"caseType\":\"" + LAND_TAX
                + "\",\"applicant\":{\"nationalId\":\"A123456789\",\"name\":\"王小明\"},\"data\":{\"parcelNo\":\"" + PARCEL + "\"}}")));
        all.add(probe("JSON: 10,000 levels of nesting", t -> t.intake("{\"data\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}")));
        all.add(probe("JSON: 10,000 levels of objects", t -> t.intake("{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000))));
        all.add(probe("JSON: huge string over the limit", t -> t.intake(body("王小明", Map.of("parcelNo", "x".repeat(70_000))))));
        all.add(probe("JSON: oversized body", t -> t.intake("{\"pad\":\"" + " ".repeat(200_000) + "\"}")));
        all.add(probe("JSON: wrong type for applicant", t -> t.intake("{\"caseType\":\"" + LAND_TAX + "\",\"applicant\":\"王小明\"}")));
        all.add(probe("JSON: invalid UTF-8", t -> t.api.send("POST", "/api/cases", "tax.clerk", "application/json",
                concat("{\"caseType\":\"".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xC3, (byte) 0x28}, "\"}".getBytes(StandardCharsets.UTF_8)))));
        all.add(probe("Content-Type: text/plain", t -> t.api.send("POST", "/api/cases", "tax.clerk", "text/plain", "{}".getBytes())));
        all.add(probe("Content-Type: missing", t -> t.api.send("POST", "/api/cases", "tax.clerk", null, "{}".getBytes())));
        all.add(probe("Content-Type: XML", t -> t.api.send("POST", "/api/cases", "tax.clerk", "application/xml", "<case/>".getBytes())));
        all.add(probe("Content-Type: JSON for a task", t -> t.api.send("POST", "/api/tasks/" + t.taskId + "/complete", "tax.clerk",
                "application/x-www-form-urlencoded", "action=approve".getBytes())));
        // injection strings in intake fields
        for (String s : List.of(SQL, SCRIPT, JNDI, SPEL, EL, CRLF, NUL, RTL, LONE_SURROGATE, "😀")) {
            all.add(probe("intake name: " + label(s), t -> t.intake(body(s, Map.of("parcelNo", PARCEL)))));
        }
        for (String s : List.of(SQL, SCRIPT, JNDI, EL)) {
            all.add(probe("intake nationalId: " + label(s), t -> t.intake(body(s, "王小明", Map.of("parcelNo", PARCEL)))));
            all.add(probe("intake caseType: " + label(s), t -> t.intake(Map.of("caseType", s,
                    "applicant", Map.of("nationalId", "A123456789", "name", "王小明"), "data", Map.of()))));
        }
        for (String s : List.of(CRLF, NUL, RTL, LONE_SURROGATE)) {
            all.add(probe("intake data field: " + label(s), t -> t.intake(body("王小明", Map.of("parcelNo", s)))));
        }
        all.add(probe("intake data field name: " + label(SQL), t -> t.intake(body("王小明", Map.of("parcelNo", PARCEL, SQL, "1")))));
        all.add(probe("intake data field: nested object", t -> t.intake(body("王小明", Map.of("parcelNo", Map.of("$gt", ""))))));
        // task completion
        for (String s : List.of(SQL, EL, SCRIPT)) {
            all.add(probe("task action: " + label(s), t -> t.complete(Map.of("action", s, "opinion", "x"))));
        }
        for (String s : List.of(NUL, RTL, LONE_SURROGATE)) {
            all.add(probe("task opinion: " + label(s), t -> t.complete(Map.of("action", "approve", "opinion", s))));
        }
        all.add(probe("task opinion: 2,001 characters", t -> t.complete(Map.of("action", "approve", "opinion", "意".repeat(2001)))));
        all.add(probe("task data field: " + label(JNDI), t -> t.complete(Map.of("action", "approve", "data", Map.of(JNDI, "1")))));
        all.add(probe("task body: a JSON string", t -> t.api.postJson("/api/tasks/" + t.taskId + "/complete", "tax.clerk", "\"approve\"")));
        // withdrawal and correction notes
        for (String s : List.of(NUL, RTL, LONE_SURROGATE, "")) {
            all.add(probe("withdraw note: " + label(s), t -> t.api.postJson("/api/cases/" + t.caseId + "/withdraw", "tax.clerk", Map.of("note", s))));
        }
        all.add(probe("withdraw note: an object", t -> t.api.postJson("/api/cases/" + t.caseId + "/withdraw", "tax.clerk",
                "{\"note\": {\"$ne\": null}}")));
        all.add(probe("correction note: " + label(SCRIPT) + " when none is pending", t -> t.api.postJson("/api/cases/" + t.caseId
                + "/correction", "tax.clerk", Map.of("note", SCRIPT))));
        all.add(probe("correction note: " + label(NUL), t -> t.api.postJson("/api/cases/" + t.caseId + "/correction", "tax.clerk",
                Map.of("note", NUL))));
        // public case-status lookup
        for (String s : List.of(SQL, SCRIPT, EL, NUL)) {
            all.add(probe("case-status caseNo: " + label(s), t -> t.api.postJson("/api/public/case-status", null,
                    Map.of("caseNo", s, "nationalId", "A123456789"))));
        }
        all.add(probe("case-status nationalId: " + label(SQL), t -> t.api.postJson("/api/public/case-status", null,
                Map.of("caseNo", "115-TAX-000001", "nationalId", SQL))));
        all.add(probe("case-status: malformed JSON", t -> t.api.postJson("/api/public/case-status", null, "{\"caseNo\":")));
        // query parameters
        all.add(probe("tasks page: " + label(SQL), t -> t.get("/api/tasks?page=" + enc(SQL), "tax.clerk")));
        all.add(probe("tasks size: " + label(EL), t -> t.get("/api/tasks?size=" + enc(EL), "tax.clerk")));
        all.add(probe("tasks page: -1", t -> t.get("/api/tasks?page=-1", "tax.clerk")));
        all.add(probe("tasks page: overflow", t -> t.get("/api/tasks?page=99999999999", "tax.clerk")));
        all.add(probe("tasks page×size: int overflow", t -> t.get("/api/tasks?page=2147483647&size=200", "tax.clerk")));
        all.add(probe("sla overdue page×size: overflow", t -> t.get("/api/sla/overdue?page=2147483647&size=2147483647", "manager")));
        all.add(probe("tasks: unknown method", t -> t.api.send("DELETE", "/api/tasks", "tax.clerk", null, null)));
        all.add(probe("unknown API path", t -> t.get("/api/../api/cases%3Bjsessionid=x", "tax.clerk")));
        for (String report : List.of("summary", "steps", "overdue")) {
            all.add(probe("sla " + report + " from: " + label(SQL), t -> t.get("/api/sla/" + report + "?from=" + enc(SQL), "manager")));
            all.add(probe("sla " + report + " agency: " + label(SCRIPT), t -> t.get("/api/sla/" + report + "?agency=" + enc(SCRIPT), "manager")));
            all.add(probe("sla " + report + " caseType: " + label(JNDI), t -> t.get("/api/sla/" + report + "?caseType=" + enc(JNDI), "manager")));
            all.add(probe("sla " + report + " format: " + label(EL), t -> t.get("/api/sla/" + report + "?format=" + enc(EL), "manager")));
        }
        all.add(probe("sla overdue page: " + label(SQL), t -> t.get("/api/sla/overdue?page=" + enc(SQL), "manager")));
        all.add(probe("sla overdue size: -5", t -> t.get("/api/sla/overdue?size=-5", "manager")));
        all.add(probe("sla overdue size: 10 million", t -> t.get("/api/sla/overdue?size=10000000", "manager")));
        all.add(probe("audit applicant: " + label(SQL), t -> t.get("/api/audit/data-access?applicant=" + enc(SQL), "auditor")));
        all.add(probe("audit from: " + label(EL), t -> t.get("/api/audit/data-access?caseId=x&from=" + enc(EL), "auditor")));
        all.add(probe("audit page: " + label(SCRIPT), t -> t.get("/api/audit/data-access?caseId=x&page=" + enc(SCRIPT), "auditor")));
        all.add(probe("audit size: 10 million", t -> t.get("/api/audit/data-access?caseId=x&page=0&size=10000000", "auditor")));
        all.add(probe("audit: no filter", t -> t.get("/api/audit/data-access", "auditor")));
        // path parameters
        for (String id : ODD_IDS) {
            all.add(probe("case id: " + label(id), t -> t.get("/api/cases/" + id, "tax.clerk")));
            all.add(probe("decision.pdf id: " + label(id), t -> t.get("/api/cases/" + id + "/decision.pdf", "tax.clerk")));
            all.add(probe("withdraw id: " + label(id), t -> t.api.postJson("/api/cases/" + id + "/withdraw", "tax.clerk", Map.of("note", "撤回"))));
            all.add(probe("correction id: " + label(id), t -> t.api.postJson("/api/cases/" + id + "/correction", "tax.clerk", Map.of("note", "補正"))));
            all.add(probe("task id: " + label(id), t -> t.api.postJson("/api/tasks/" + id + "/complete", "tax.clerk", Map.of("action", "approve"))));
        }
        // model uploads
        all.add(probe("BPMN: XXE reading /etc/passwd", t -> t.upload(xxe())));
        all.add(probe("BPMN: billion laughs", t -> t.upload(billionLaughs())));
        all.add(probe("BPMN: not XML", t -> t.upload("%PDF-1.7 definitely not a model".getBytes())));
        all.add(probe("BPMN: oversized upload", t -> t.upload(new byte[11 * 1024 * 1024])));
        all.add(probe("BPMN: JSON instead of multipart", t -> t.api.postJson("/api/processes", "owner", Map.of("file", "x"))));
        // decisions to verify
        all.add(probe("verify: not a PDF", t -> t.verify("GIF89a............".getBytes())));
        all.add(probe("verify: empty body", t -> t.verify(new byte[0])));
        all.add(probe("verify: forged PDF header", t -> t.verify("%PDF-1.7\n1 0 obj <</Type/Catalog>> garbage %%EOF".getBytes())));
        all.add(probe("verify: truncated PDF", t -> t.verify(Arrays.copyOf(blankPdf(), blankPdf().length / 2))));
        all.add(probe("verify: oversized PDF", t -> t.verify(concat("%PDF-1.7\n".getBytes(), new byte[11 * 1024 * 1024]))));
        all.add(probe("verify: JSON content type", t -> t.api.postJson("/api/decisions/verify", null, Map.of("pdf", "x"))));
        return all.stream();
    }

    // ---------------------------------------------------------------- accepted verbatim

    @ParameterizedTest(name = "{0}")
    @MethodSource("verbatim")
    void strangeButValidTextIsStoredVerbatim(String name, String applicant, String parcelNo) {
        Answer filed = intake(body(applicant, Map.of("parcelNo", parcelNo)));
        assertThat(filed.status()).as(filed.text()).isEqualTo(201);
        JsonNode view = cases.caseView(filed.json().path("id").asText(), "tax.clerk");
        assertThat(view.path("applicant").path("name").asText()).isEqualTo(applicant);
        assertThat(view.path("data").path("parcelNo").asText()).isEqualTo(parcelNo);
    }

    static Stream<Arguments> verbatim() {
        return Stream.of(
                Arguments.of("rare character outside the BMP in the name", "林𡘙妹", PARCEL),
                Arguments.of("indigenous name with middle dot", "瓦歷斯·諾幹", PARCEL),
                Arguments.of("EL in a data field is not evaluated", "王小明", EL),
                Arguments.of("SpEL in a data field is not evaluated", "王小明", SPEL),
                Arguments.of("SQL in a data field is stored as text", "王小明", SQL),
                Arguments.of("script tag in a data field is stored as text", "王小明", SCRIPT),
                Arguments.of("JNDI lookup in a data field is stored as text", "王小明", JNDI),
                Arguments.of("4-byte emoji in a data field", "王小明", "地號😀𡘙"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("opinions")
    void strangeButValidOpinionsAreStoredVerbatim(String name, String opinion) {
        String id = cases.file("tax.clerk", LAND_TAX, "A123456789", "王小明", Map.of("parcelNo", PARCEL));
        cases.act(id, "review", "tax.clerk", "requestCorrection", opinion);
        JsonNode view = cases.caseView(id, "tax.clerk");
        assertThat(view.path("opinions")).anySatisfy(o -> assertThat(o.path("opinion").asText()).isEqualTo(opinion));
        assertThat(view.toString()).doesNotContain("\"49\"");
    }

    static Stream<Arguments> opinions() {
        return Stream.of(
                Arguments.of("EL, SpEL and JNDI are not evaluated", EL + " " + SPEL + " " + JNDI),
                Arguments.of("several lines, SQL and a script tag", "第一行\r\n第二行 " + SQL + " " + SCRIPT),
                Arguments.of("4-byte emoji and 𡘙", "請補正 😀 林𡘙妹 之戶籍謄本"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("harmlessSearches")
    void injectionInASearchFindsNothing(String name, String path, String user) {
        Answer answer = get(path, user);
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        assertThat(answer.text()).doesNotContain("49");
    }

    static Stream<Arguments> harmlessSearches() {
        return Stream.of(
                Arguments.of("audit caseId: SQL", "/api/audit/data-access?caseId=" + enc(SQL), "auditor"),
                Arguments.of("audit user: EL", "/api/audit/data-access?user=" + enc(EL), "auditor"),
                Arguments.of("audit agency: script", "/api/audit/data-access?agency=" + enc(SCRIPT), "auditor"),
                Arguments.of("audit page far beyond the end", "/api/audit/data-access?caseId=x&page=2147483647&size=1000", "auditor"));
    }

    // ---------------------------------------------------------------- helpers

    static Arguments probe(String name, Probe probe) {
        return Arguments.of(Named.of(name, probe));
    }

    static String label(String s) {
        String shown = s.length() > 30 ? s.substring(0, 12) + "…(" + s.length() + " chars)" : s;
        StringBuilder out = new StringBuilder();
        shown.codePoints().forEach(c -> out.append(Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
                || Character.isSurrogate((char) c) && c < 0x10000 ? String.format("\\u%04X", c) : new String(Character.toChars(c))));
        return out.toString();
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    long[] counts() {
        return new long[] {
                jdbc.queryForObject("SELECT COUNT(*) FROM kuayu_case", Long.class),
                jdbc.queryForObject("SELECT COUNT(*) FROM kuayu_opinion", Long.class),
                runtime.createProcessInstanceQuery().count()};
    }

    Answer get(String path, String user) {
        return api.get(path, user);
    }

    Answer intake(Object body) {
        return api.postJson("/api/cases", "tax.clerk", body);
    }

    Answer complete(Map<String, Object> body) {
        return api.postJson("/api/tasks/" + taskId + "/complete", "tax.clerk", body);
    }

    Answer upload(byte[] model) {
        Multipart body = new Multipart().file("model.bpmn", model);
        return api.send("POST", "/api/processes", "owner", body.contentType(), body.bytes());
    }

    Answer verify(byte[] pdf) {
        return api.send("POST", "/api/decisions/verify", null, "application/pdf", pdf);
    }

    static Map<String, Object> body(String name, Map<String, Object> data) {
        return body("A123456789", name, data);
    }

    static Map<String, Object> body(String nationalId, String name, Map<String, Object> data) {
        Map<String, Object> applicant = new HashMap<>();
        applicant.put("nationalId", nationalId);
        applicant.put("name", name);
        return Map.of("caseType", LAND_TAX, "applicant", applicant, "data", data);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] landTaxModel() {
        try (InputStream in = HostileInputTest.class.getResourceAsStream("/processes/" + LAND_TAX + ".bpmn")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] xxe() {
        String model = new String(landTaxModel(), StandardCharsets.UTF_8)
                .replaceFirst("\\?>", "?>\n<!DOCTYPE d [<!ENTITY s SYSTEM \"file:///etc/passwd\">]>")
                .replace("name=\"承辦審查\"", "name=\"&s;\"");
        return model.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] billionLaughs() {
        StringBuilder dtd = new StringBuilder("<!DOCTYPE lolz [<!ENTITY lol0 \"lol\">");
        for (int i = 1; i <= 9; i++) {
            dtd.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i - 1) + ";").repeat(10)).append("\">");
        }
        dtd.append("]>");
        String model = new String(landTaxModel(), StandardCharsets.UTF_8).replaceFirst("\\?>", "?>\n" + dtd)
                .replace("name=\"承辦審查\"", "name=\"&lol9;\"");
        return model.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] blankPdf() {
        try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            doc.addPage(new PDPage());
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
