package tw.kuayu.decision.pdf;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.fontbox.ttf.CmapLookup;
import org.apache.fontbox.ttf.NameRecord;
import org.apache.fontbox.ttf.NamingTable;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Traditional Chinese font used for decision letters.
 *
 * <p>The font file (a TrueType font or a TrueType collection such as {@code ukai.ttc}) is parsed
 * <em>once</em> when this object is created and the selected face is reused for every document.
 * Each document gets its own {@link PDType0Font} that embeds only the glyphs it uses (a subset),
 * so {@code pdftotext} and copy/paste return the Chinese text.
 *
 * <p>Thread safety: instances are safe to share. FontBox reads glyph data lazily from a shared
 * file handle, so every table the layout code needs is read eagerly in the constructor, and the
 * operations that read glyph data from the file (creating the per-document font and writing the
 * subset when the document is saved) run under {@link #exclusively(Callable)}.
 *
 * <p>Configuration: {@value #PATH_SETTING} (default {@value #DEFAULT_PATH}) and
 * {@value #NAME_SETTING} (default {@value #DEFAULT_NAME}, the Taiwan face of AR PL UKai; the first
 * face of that collection is the mainland-China one, which draws 戶 and 臺 in mainland forms).
 */
public final class DecisionFont implements Closeable {

    public static final String PATH_SETTING = "kuayu.pdf.font-path";
    public static final String NAME_SETTING = "kuayu.pdf.font-name";
    public static final String DEFAULT_PATH = "/usr/share/fonts/truetype/arphic/ukai.ttc";
    public static final String DEFAULT_NAME = "UKaiTW";

    private static final Logger log = LoggerFactory.getLogger(DecisionFont.class);
    private static final String INSTALL_HINT =
            "Install the Debian package fonts-arphic-ukai (apt-get install fonts-arphic-ukai), "
                    + "or point " + PATH_SETTING + " / " + NAME_SETTING
                    + " at another Traditional Chinese TrueType font.";

    private final Path path;
    private final String faceName;
    private final TrueTypeCollection collection;
    private final TrueTypeFont font;
    private final CmapLookup cmap;
    private final ReentrantLock lock = new ReentrantLock();

    /** Loads the default face ({@value #DEFAULT_NAME}) from the default path. */
    public static DecisionFont loadDefault() {
        return new DecisionFont(Path.of(DEFAULT_PATH), DEFAULT_NAME);
    }

    /**
     * @param path     font file ({@code .ttf} or {@code .ttc}); setting {@value #PATH_SETTING}
     * @param faceName PostScript name (e.g. {@code UKaiTW}) or full name (e.g.
     *                 {@code AR PL UKai TW}) of the face to use; setting {@value #NAME_SETTING}
     * @throws IllegalStateException if the file is missing or unreadable or has no such face
     */
    public DecisionFont(Path path, String faceName) {
        this.path = Objects.requireNonNull(path, "path");
        this.faceName = Objects.requireNonNull(faceName, "faceName");
        if (!Files.isReadable(path)) {
            throw new IllegalStateException("Decision PDF font file not found: " + path
                    + " (setting " + PATH_SETTING + "). " + INSTALL_HINT);
        }
        TrueTypeCollection ttc = null;
        TrueTypeFont selected = null;
        try {
            if (isCollection(path)) {
                ttc = new TrueTypeCollection(path.toFile());
                List<String> seen = new ArrayList<>();
                TrueTypeFont[] match = new TrueTypeFont[1];
                ttc.processAllFonts(ttf -> {
                    String ps = ttf.getName();
                    String full = fullName(ttf);
                    seen.add(ps + " (" + full + ")");
                    if (match[0] == null && (faceName.equals(ps) || faceName.equals(full))) {
                        match[0] = ttf;
                    }
                });
                selected = match[0];
                if (selected == null) {
                    throw new IllegalStateException("Font face '" + faceName + "' (setting "
                            + NAME_SETTING + ") is not in " + path + " (setting " + PATH_SETTING
                            + "); faces there: " + seen + ". " + INSTALL_HINT);
                }
            } else {
                selected = new TTFParser().parse(new RandomAccessReadBufferedFile(path.toFile()));
                if (!faceName.equals(selected.getName()) && !faceName.equals(fullName(selected))) {
                    String found = selected.getName();
                    selected.close();
                    throw new IllegalStateException("Font face '" + faceName + "' (setting "
                            + NAME_SETTING + ") is not in " + path + " (setting " + PATH_SETTING
                            + "); that file holds '" + found + "'. " + INSTALL_HINT);
                }
            }
            this.cmap = preload(selected);
        } catch (IOException e) {
            closeQuietly(ttc);
            throw new IllegalStateException("Cannot read decision PDF font " + path + " (setting "
                    + PATH_SETTING + "): " + e.getMessage() + ". " + INSTALL_HINT, e);
        } catch (RuntimeException e) {
            closeQuietly(ttc);
            throw e;
        }
        this.collection = ttc;
        this.font = selected;
        log.info("Decision PDF font loaded: face {} from {}", faceName, path);
    }

    /** Reads every table layout needs, so that later lookups touch no shared file position. */
    private static CmapLookup preload(TrueTypeFont ttf) throws IOException {
        ttf.getHeader();
        ttf.getHorizontalHeader();
        ttf.getHorizontalMetrics();
        ttf.getMaximumProfile();
        ttf.getPostScript();
        ttf.getOS2Windows();
        ttf.getNaming();
        ttf.getIndexToLocation();
        ttf.getGlyph();
        ttf.getCmap();
        ttf.getKerning();
        ttf.getVerticalHeader();
        ttf.getVerticalMetrics();
        ttf.getVerticalOrigin();
        ttf.getGsubData();
        CmapLookup lookup = ttf.getUnicodeCmapLookup();
        if (lookup == null) {
            throw new IOException("font has no Unicode cmap");
        }
        return lookup;
    }

    private static boolean isCollection(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            byte[] tag = in.readNBytes(4);
            return tag.length == 4 && tag[0] == 't' && tag[1] == 't' && tag[2] == 'c' && tag[3] == 'f';
        }
    }

    private static String fullName(TrueTypeFont ttf) throws IOException {
        NamingTable naming = ttf.getNaming();
        if (naming == null) {
            return "";
        }
        String full = naming.getName(NameRecord.NAME_FULL_FONT_NAME, NameRecord.PLATFORM_WINDOWS,
                NameRecord.ENCODING_WINDOWS_UNICODE_BMP, NameRecord.LANGUAGE_WINDOWS_EN_US);
        if (full == null) {
            full = naming.getFontFamily();
        }
        return full == null ? "" : full;
    }

    private static void closeQuietly(Closeable c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException e) {
                log.debug("closing font file failed", e);
            }
        }
    }

    /**
     * Creates the font for one document, embedded as a subset when the document is saved. Call
     * the document's {@code save} inside {@link #exclusively(Callable)} as well, because writing
     * the subset reads glyph data from the shared font file.
     */
    public PDType0Font loadInto(PDDocument document) throws IOException {
        lock.lock();
        try {
            return PDType0Font.load(document, font, true);
        } finally {
            lock.unlock();
        }
    }

    /** Runs an action that reads glyph data from the shared font (e.g. saving a document). */
    public <T> T exclusively(Callable<T> action) throws IOException {
        lock.lock();
        try {
            return action.call();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        } finally {
            lock.unlock();
        }
    }

    /** Whether the face has a glyph for the code point (rare characters may be missing). */
    public boolean canDisplay(int codePoint) {
        return cmap.getGlyphId(codePoint) > 0;
    }

    /** PostScript name of the selected face, e.g. {@code UKaiTW}. */
    public String postScriptName() {
        try {
            return font.getName();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public Path path() {
        return path;
    }

    public String faceName() {
        return faceName;
    }

    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            if (collection != null) {
                collection.close();
            } else {
                font.close();
            }
        } finally {
            lock.unlock();
        }
    }
}
