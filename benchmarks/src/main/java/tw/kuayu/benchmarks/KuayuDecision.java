package tw.kuayu.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.yaml.snakeyaml.Yaml;
import tw.kuayu.decision.pdf.AgencyCredential;
import tw.kuayu.decision.pdf.DecisionFont;
import tw.kuayu.decision.pdf.DecisionLetter;
import tw.kuayu.decision.pdf.DecisionPdfRenderer;
import tw.kuayu.decision.pdf.PadesSigner;

/**
 * Kuayu's full decision as {@code DecisionIssuer} makes it, minus the Camunda job and the case
 * lookups: the case type's letter template (read from engine-app's {@code kuayu-case-types.yaml})
 * filled in, the official-letter layout with QR code by {@link DecisionPdfRenderer} (one shared,
 * once-parsed {@link DecisionFont}), PAdES signatures by {@link PadesSigner} (the deciding agency's
 * certification signature, then each co-signer's incremental approval signature), the SHA-256, and
 * the file stored in an in-memory H2 table.
 */
final class KuayuDecision implements AutoCloseable {

    private final DecisionPdfRenderer renderer;
    private final PadesSigner signer = new PadesSigner(Clock.systemUTC(), "臺北市");
    private final Map<String, Object> approved;
    private final List<String> extraDetails;
    private final Connection db;
    private final PreparedStatement insert;
    private int sequence;
    /** Per number of signers: for each decision, nanoseconds spent in each of {@link #STAGES}. */
    private final Map<Integer, List<long[]>> stageTimes = new java.util.HashMap<>();

    static final List<String> STAGES = List.of("template and letter", "layout, font subset, save", "first signature",
            "co-signatures", "SHA-256 and H2 insert");

    KuayuDecision(DecisionFont font, List<String> extraDetails) throws IOException, SQLException {
        this.renderer = new DecisionPdfRenderer(font);
        this.approved = template("land-value-tax-self-use");
        this.extraDetails = List.copyOf(extraDetails);
        this.db = DriverManager.getConnection("jdbc:h2:mem:bench-" + UUID.randomUUID());
        db.createStatement().execute("CREATE TABLE decision (id VARCHAR(36) PRIMARY KEY, document_no VARCHAR(60), "
                + "sha256 VARCHAR(64), pdf BLOB)");
        this.insert = db.prepareStatement("INSERT INTO decision VALUES (?, ?, ?, ?)");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> template(String caseType) throws IOException {
        try (InputStream in = KuayuDecision.class.getResourceAsStream("/kuayu-case-types.yaml")) {
            Map<String, Object> root = new Yaml().load(in);
            Map<String, Object> types = (Map<String, Object>) ((Map<String, Object>) root.get("kuayu")).get("case-types");
            Map<String, Object> type = (Map<String, Object>) types.get(caseType);
            Map<String, Object> decision = (Map<String, Object>) type.get("decision");
            Map<String, Object> result = new java.util.HashMap<>((Map<String, Object>) decision.get("approved"));
            result.put("legal-basis", type.get("legal-basis"));
            return result;
        }
    }

    /** One decision signed by {@code signers} in order (the first certifies); returns the stored file. */
    @SuppressWarnings("unchecked")
    byte[] issue(List<AgencyCredential> signers) throws Exception {
        long t0 = System.nanoTime();
        int n = ++sequence;
        String documentNo = "北市稽財字第115" + String.format("%07d", n) + "號";
        Map<String, String> values = Map.of("parcelNo", "大安區龍泉段二小段0123-0000", "receivedDate", "中華民國115年10月5日",
                "applicantName", "王小明", "caseNo", "115-TAX-" + n, "reason", "");
        List<String> details = new ArrayList<>();
        for (String d : (List<String>) approved.get("details")) {
            details.add(fill(d, values));
        }
        details.addAll(extraDetails);
        DecisionLetter letter = new DecisionLetter(signers.get(0).agencyName(), documentNo, LocalDate.of(2026, 11, 27),
                "115-TAX-" + n, "王小明", "A12****789", fill((String) approved.get("subject"), values), details,
                (String) approved.get("legal-basis"),
                List.of(new DecisionLetter.Evidence("內政部戶政司", "戶籍資料（設籍地址、戶內人口）", Instant.parse("2026-11-27T02:40:05Z"),
                                LocalDate.of(2026, 11, 27), "3f9a0c1de2b47788"),
                        new DecisionLetter.Evidence("臺北市政府地政局", "土地登記資料（所有權部）", Instant.parse("2026-11-27T02:40:07Z"),
                                LocalDate.of(2026, 11, 26), "a1b2c3d4e5f60718")),
                signers.stream().map(s -> new DecisionLetter.SigningAgency(s.agencyName(), "機關首長")).toList(),
                "https://kuayu.example.gov.tw/verify?documentNo=" + URLEncoder.encode(documentNo, StandardCharsets.UTF_8));
        long t1 = System.nanoTime();
        byte[] unsigned = renderer.render(letter);
        long t2 = System.nanoTime();
        byte[] pdf = signer.sign(unsigned, signers.get(0), "核定");
        long t3 = System.nanoTime();
        for (AgencyCredential coSigner : signers.subList(1, signers.size())) {
            pdf = signer.sign(pdf, coSigner, "會銜");
        }
        long t4 = System.nanoTime();
        insert.setString(1, UUID.randomUUID().toString());
        insert.setString(2, documentNo);
        insert.setString(3, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(pdf)));
        insert.setBytes(4, pdf);
        insert.executeUpdate();
        stageTimes.computeIfAbsent(signers.size(), k -> new ArrayList<>())
                .add(new long[] {t1 - t0, t2 - t1, t3 - t2, t4 - t3, System.nanoTime() - t4});
        return pdf;
    }

    /** Forgets the stage times so far (after warm-up). */
    void resetStages() {
        stageTimes.clear();
    }

    /** Median milliseconds of each of {@link #STAGES} for decisions with {@code signers} signatures. */
    double[] stageMedians(int signers) {
        List<long[]> times = stageTimes.getOrDefault(signers, List.of());
        double[] medians = new double[STAGES.size()];
        for (int i = 0; i < medians.length && !times.isEmpty(); i++) {
            int stage = i;
            long[] sorted = times.stream().mapToLong(t -> t[stage]).sorted().toArray();
            medians[i] = sorted[sorted.length / 2] / 1e6;
        }
        return medians;
    }

    private static String fill(String template, Map<String, String> values) {
        String result = template;
        for (Map.Entry<String, String> e : values.entrySet()) {
            result = result.replace("{" + e.getKey() + "}", e.getValue());
        }
        return result;
    }

    @Override
    public void close() throws SQLException {
        db.close();
    }
}
