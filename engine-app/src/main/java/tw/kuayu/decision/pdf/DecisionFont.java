package tw.kuayu.decision.pdf;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.apache.fontbox.ttf.CmapLookup;
import org.apache.fontbox.ttf.NameRecord;
import org.apache.fontbox.ttf.NamingTable;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFontDescriptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Traditional Chinese font used for decision letters.
 *
 * <p>The font file (a TrueType font or a TrueType collection such as {@code ukai.ttc}) is parsed
 * <em>once</em> when this object is created and the selected face is reused for every document,
 * with what every document needs from it read once too: the glyph of each character (cmap), each
 * glyph's advance width and the font descriptor's metrics. Each document embeds only the glyphs it
 * uses (a subset, {@link SubsetEmbedder}) with a ToUnicode map, so {@code pdftotext} and
 * copy/paste return the Chinese text.
 *
 * <p>Thread safety: instances are safe to share. FontBox reads glyph data lazily from a shared
 * file handle, so every table the layout code needs is read eagerly in the constructor, and
 * writing a subset (which reads glyph outlines from the file) holds {@link #fileLock}.
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
    /** Advance width of each glyph in 1/1000 em, rounded as PDF widths are. */
    private final int[] advances;
    private final float[] descriptorMetrics;
    private final int descriptorFlags;
    private final float weight;
    /** Held while glyph data is read from the shared font file. */
    final Object fileLock = new Object();

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
        try {
            float scale = 1000f / selected.getHeader().getUnitsPerEm();
            int glyphs = selected.getNumberOfGlyphs();
            this.advances = new int[glyphs];
            for (int gid = 0; gid < glyphs; gid++) {
                advances[gid] = Math.round(selected.getHorizontalMetrics().getAdvanceWidth(gid) * scale);
            }
            var head = selected.getHeader();
            var hhea = selected.getHorizontalHeader();
            var os2 = selected.getOS2Windows();
            float capHeight = os2 == null ? 0 : os2.getVersion() >= 1.2 ? os2.getCapHeight() : os2.getTypoAscender() + os2.getTypoDescender();
            float bboxWidth = (head.getXMax() - head.getXMin()) * scale;
            this.descriptorMetrics = new float[] {head.getXMin() * scale, head.getYMin() * scale, head.getXMax() * scale,
                    head.getYMax() * scale, hhea.getAscender() * scale, hhea.getDescender() * scale, capHeight * scale,
                    selected.getPostScript().getItalicAngle(), bboxWidth * .13f};
            boolean fixedPitch = selected.getPostScript().getIsFixedPitch() > 0 || hhea.getNumberOfHMetrics() == 1;
            boolean italic = os2 != null && (os2.getFsSelection() & (1 | 512)) != 0;
            this.descriptorFlags = 4 | (fixedPitch ? 1 : 0) | (italic ? 64 : 0); // symbolic: glyphs addressed by CID
            this.weight = os2 == null ? 400 : os2.getWeightClass();
        } catch (IOException e) {
            closeQuietly(ttc);
            throw new IllegalStateException("Cannot read the metrics of decision PDF font " + path + ": " + e.getMessage(), e);
        }
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

    /** The face's glyph for a code point; 0 (.notdef) if it has none. */
    public int glyphId(int codePoint) {
        return cmap.getGlyphId(codePoint);
    }

    /** Advance width of a glyph in 1/1000 em (as in the PDF's /W array). */
    int advance(int glyphId) {
        return glyphId >= 0 && glyphId < advances.length ? advances[glyphId] : 0;
    }

    /** Width of {@code text} in points at {@code size}, as a PDF reader lays it out. */
    public float width(String text, float size) {
        long units = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            units += advance(glyphId(cp));
            i += Character.charCount(cp);
        }
        return units / 1000f * size;
    }

    TrueTypeFont trueTypeFont() {
        return font;
    }

    /** A new font descriptor for one document's subset named {@code name} (its FontFile2 still to be set). */
    COSDictionary descriptor(String name) {
        COSDictionary dict = new COSDictionary();
        dict.setItem(org.apache.pdfbox.cos.COSName.TYPE, org.apache.pdfbox.cos.COSName.FONT_DESC);
        PDFontDescriptor d = new PDFontDescriptor(dict);
        d.setFontName(name);
        d.setFlags(descriptorFlags);
        float[] m = descriptorMetrics;
        PDRectangle bbox = new PDRectangle();
        bbox.setLowerLeftX(m[0]);
        bbox.setLowerLeftY(m[1]);
        bbox.setUpperRightX(m[2]);
        bbox.setUpperRightY(m[3]);
        d.setFontBoundingBox(bbox);
        d.setAscent(m[4]);
        d.setDescent(m[5]);
        d.setCapHeight(m[6]);
        d.setItalicAngle(m[7]);
        d.setStemV(m[8]);
        d.setFontWeight(weight);
        return d.getCOSObject();
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
        synchronized (fileLock) {
            if (collection != null) {
                collection.close();
            } else {
                font.close();
            }
        }
    }
}
