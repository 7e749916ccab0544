package tw.kuayu.decision.pdf;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the poppler / qpdf command-line tools; fails (never skips) when they are missing. */
public final class PdfTools {

    private static final String INSTALL = "apt-get install poppler-utils qpdf";

    private PdfTools() {
    }

    public record Result(int exitCode, String output) {
    }

    public static Result run(String... command) {
        requireTool(command[0]);
        List<String> cmd = new ArrayList<>(List.of(command));
        try {
            Path log = Files.createTempFile("pdftool", ".out");
            try {
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
                p.getOutputStream().close();
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    fail(command[0] + " did not finish in 30 s");
                }
                return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            return fail(command[0] + " could not be run (" + e.getMessage() + "); run `" + INSTALL + "`");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted");
        }
    }

    static void requireTool(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return;
            }
        }
        fail(tool + " is not installed; the PDF tests need poppler-utils and qpdf: run `" + INSTALL + "`");
    }
}
