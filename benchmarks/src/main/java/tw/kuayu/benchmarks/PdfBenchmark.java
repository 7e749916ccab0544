package tw.kuayu.benchmarks;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import tw.kuayu.decision.pdf.AgencyCredential;
import tw.kuayu.decision.pdf.DecisionFont;
import tw.kuayu.decision.pdf.DemoPki;

/**
 * Decisions generated and signed per second, bare PDFBox against Kuayu's full decision, in one run
 * after warm-up. Not a test: run {@code scripts/benchmark-pdf.sh}. The scenarios are interleaved
 * round by round so that load from other processes hits them alike. Settings (system properties):
 * {@code bench.warmup} (iterations per scenario, default 40), {@code bench.rounds} (5) and
 * {@code bench.perRound} (30).
 */
public final class PdfBenchmark {

    /** A stand-in for a real decision's 說明: long enough that every scenario prints two A4 pages. */
    static final String PARAGRAPH = "本案所依據之戶籍及地籍資料，均由本處透過跨域系統向資料主管機關即時查詢取得，免附戶籍謄本及土地登記謄本；"
            + "查詢紀錄已依個人資料保護法第15條及第16條規定載明蒐集目的及法律依據，並保存於案卷備查。"
            + "如對本處分不服，得於收受本函之次日起30日內，依稅捐稽徵法第35條規定申請復查。";

    interface Scenario {
        byte[] run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int warmup = Integer.getInteger("bench.warmup", 40);
        int rounds = Integer.getInteger("bench.rounds", 5);
        int perRound = Integer.getInteger("bench.perRound", 30);
        Path keys = Files.createTempDirectory("kuayu-bench-keys");
        DemoPki pki = new DemoPki(keys, "benchmark-only".toCharArray());
        AgencyCredential tax = pki.credential("TAX", "臺北市稅捐稽徵處");
        List<AgencyCredential> three = List.of(tax, pki.credential("LAND", "臺北市政府地政局"),
                pki.credential("SOC", "臺北市政府社會局"));

        long parseStart = System.nanoTime();
        DecisionFont font = DecisionFont.loadDefault(); // parsed once, shared by every Kuayu document
        double fontParseMs = (System.nanoTime() - parseStart) / 1e6;
        List<String> extra = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            extra.add(PARAGRAPH + "第" + (i + 4) + "點補充說明。");
        }
        try (BarePdfbox bare = new BarePdfbox(Path.of(DecisionFont.DEFAULT_PATH), DecisionFont.DEFAULT_NAME, tax.privateKey(),
                tax.certificate(), PARAGRAPH.repeat(12));
             KuayuDecision kuayu = new KuayuDecision(font, extra)) {
            Map<String, Scenario> scenarios = new LinkedHashMap<>();
            scenarios.put("bare PDFBox, 1 CMS signature", bare::signedDocument);
            scenarios.put("Kuayu decision, 1 signature", () -> kuayu.issue(List.of(tax)));
            scenarios.put("Kuayu decision, 3 signatures", () -> kuayu.issue(three));

            Map<String, Integer> pages = new LinkedHashMap<>();
            Map<String, Integer> sizes = new LinkedHashMap<>();
            for (var e : scenarios.entrySet()) {
                byte[] pdf = e.getValue().run();
                try (PDDocument doc = Loader.loadPDF(pdf)) {
                    pages.put(e.getKey(), doc.getNumberOfPages());
                }
                sizes.put(e.getKey(), pdf.length);
            }
            for (int i = 0; i < warmup; i++) {
                for (Scenario s : scenarios.values()) {
                    s.run();
                }
            }
            kuayu.resetStages();
            Map<String, List<Long>> times = new LinkedHashMap<>();
            scenarios.keySet().forEach(k -> times.put(k, new ArrayList<>()));
            double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            for (int r = 0; r < rounds; r++) {
                for (var e : scenarios.entrySet()) {
                    for (int i = 0; i < perRound; i++) {
                        long t = System.nanoTime();
                        e.getValue().run();
                        times.get(e.getKey()).add(System.nanoTime() - t);
                    }
                }
            }
            double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            print(times, pages, sizes, warmup, fontParseMs, loadBefore, loadAfter);
            System.out.printf("%nKuayu decision: median ms per stage (measured iterations)%n");
            System.out.printf("| %-28s | %11s | %12s |%n", "stage", "1 signature", "3 signatures");
            System.out.printf("|%s|%s|%s|%n", "-".repeat(30), "-".repeat(13), "-".repeat(14));
            double[] one = kuayu.stageMedians(1);
            double[] threeSigned = kuayu.stageMedians(3);
            for (int i = 0; i < KuayuDecision.STAGES.size(); i++) {
                System.out.printf("| %-28s | %11.2f | %12.2f |%n", KuayuDecision.STAGES.get(i), one[i], threeSigned[i]);
            }
        }
    }

    private static void print(Map<String, List<Long>> times, Map<String, Integer> pages, Map<String, Integer> sizes, int warmup,
                              double fontParseMs, double loadBefore, double loadAfter) {
        System.out.printf("PDF decision benchmark: %d warm-up iterations per scenario, then %d measured, interleaved%n", warmup,
                times.values().iterator().next().size());
        System.out.printf("machine: %d cores, %s; Java %s (%s); load average %.2f before, %.2f after%n",
                Runtime.getRuntime().availableProcessors(), cpuModel(), System.getProperty("java.version"),
                System.getProperty("java.vm.name"), loadBefore, loadAfter);
        System.out.printf("font: %s face %s, parsed once in %.0f ms%n%n", DecisionFont.DEFAULT_PATH, DecisionFont.DEFAULT_NAME,
                fontParseMs);
        System.out.printf("| %-30s | %5s | %8s | %11s | %9s | %6s | %16s |%n", "scenario", "pages", "KB", "decisions/s",
                "median ms", "p95 ms", "median vs bare");
        System.out.printf("|%s|%s|%s|%s|%s|%s|%s|%n", "-".repeat(32), "-".repeat(7), "-".repeat(10), "-".repeat(13),
                "-".repeat(11), "-".repeat(8), "-".repeat(18));
        double bareMedian = 0;
        for (var e : times.entrySet()) {
            long[] ns = e.getValue().stream().mapToLong(Long::longValue).sorted().toArray();
            double median = percentile(ns, 50) / 1e6;
            double p95 = percentile(ns, 95) / 1e6;
            double perSecond = ns.length / (Arrays.stream(ns).sum() / 1e9);
            if (bareMedian == 0) {
                bareMedian = median;
            }
            System.out.printf("| %-30s | %5d | %8d | %11.1f | %9.1f | %6.1f | %15.2f× |%n", e.getKey(), pages.get(e.getKey()),
                    sizes.get(e.getKey()) / 1024, perSecond, median, p95, median / bareMedian);
        }
    }

    private static double percentile(long[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse("unknown CPU");
        } catch (java.io.IOException e) {
            return "unknown CPU";
        }
    }
}
