package tw.kuayu.decision.pdf;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decision letters' fallback face (settings {@value #PATH_SETTING} / {@value #NAME_SETTING}), parsed once,
 * when the first letter holds a character the main face lacks: most letters never need it, so a start does
 * not pay for it. A face that is not configured, missing or unreadable gives null (those characters print as
 * □, logged), so it never stops a start or a letter.
 */
public final class FallbackFont implements Supplier<DecisionFont>, Closeable {

    public static final String PATH_SETTING = "kuayu.pdf.fallback-font-path";
    public static final String NAME_SETTING = "kuayu.pdf.fallback-font-name";

    private static final Logger log = LoggerFactory.getLogger(FallbackFont.class);

    private final Path path;
    private final String faceName;
    private boolean loaded;
    private DecisionFont font;

    /** @param path null or blank: no fallback face */
    public FallbackFont(String path, String faceName) {
        this.path = path == null || path.isBlank() ? null : Path.of(path);
        this.faceName = faceName;
        if (this.path != null && !Files.isReadable(this.path)) {
            log.warn("Decision PDF fallback font {} ({}) not found: characters the main font lacks are printed as □. "
                    + "Debian: apt-get install fonts-cns11643-kai", path, PATH_SETTING);
        }
    }

    @Override
    public synchronized DecisionFont get() {
        if (!loaded) {
            loaded = true;
            if (path != null && Files.isReadable(path)) {
                try {
                    font = new DecisionFont(path, faceName);
                } catch (IllegalStateException e) {
                    log.error("Decision PDF fallback font unusable ({} / {}): characters the main font lacks are printed as □. {}",
                            PATH_SETTING, NAME_SETTING, e.getMessage());
                }
            }
        }
        return font;
    }

    @Override
    public synchronized void close() throws IOException {
        if (font != null) {
            font.close();
        }
    }
}
