package tw.kuayu.decision.pdf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

import org.apache.fontbox.ttf.TTFSubsetter;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSInteger;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdmodel.PDDocument;

/**
 * Embeds the glyphs one letter uses as a Type 0 font (Identity-H, CIDFontType2), the structure
 * PDFBox's {@code PDType0Font.load(document, font, true)} writes, but built from what
 * {@link DecisionFont} keeps for every document instead of per document: the widths (W) and the
 * descriptor come from tables read once, and no /W array of all 20,000 glyphs of the face is built
 * and parsed again for each letter only to be replaced by the subset's at save time.
 *
 * <p>CIDs are the face's glyph ids (what the content streams hold); CIDToGIDMap maps them to the
 * subset's. The subset font file is deflated at {@link Deflater#BEST_SPEED}: glyph outlines barely
 * compress (level 6 saves 8 % more of a 110 KB subset at twice the time), and this deflate was the
 * largest single cost of issuing a decision.
 */
final class SubsetEmbedder {

    /** The tables a PDF's embedded TrueType font needs (as PDFBox keeps them). */
    private static final List<String> TABLES = List.of("head", "hhea", "loca", "maxp", "cvt ", "prep", "glyf", "hmtx", "fpgm", "gasp");
    private static final String BASE25 = "BCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final int DEFAULT_WIDTH = 1000;

    private SubsetEmbedder() {
    }

    /**
     * @param used the face's glyph ids the letter shows, each with the code point it stands for
     * @return the Type 0 font dictionary, to be put into the pages' resources
     */
    static COSDictionary embed(PDDocument document, DecisionFont font, SortedMap<Integer, Integer> used) throws IOException {
        TrueTypeFont ttf = font.trueTypeFont();
        byte[] subset;
        Map<Integer, Integer> newToOld;
        String tag;
        // the subsetter reads glyph outlines from the shared font file
        synchronized (font.fileLock) {
            TTFSubsetter subsetter = new TTFSubsetter(ttf, TABLES);
            subsetter.addGlyphIds(used.keySet());
            newToOld = subsetter.getGIDMap();
            tag = tag(newToOld);
            subsetter.setPrefix(tag);
            ByteArrayOutputStream out = new ByteArrayOutputStream(used.size() * 512 + 8192);
            subsetter.writeToStream(out);
            subset = out.toByteArray();
        }
        String name = tag + font.postScriptName();

        COSStream fontFile = document.getDocument().createCOSStream();
        fontFile.setInt(COSName.LENGTH1, subset.length);
        deflate(fontFile, subset, Deflater.BEST_SPEED);
        COSDictionary descriptor = font.descriptor(name);
        descriptor.setItem(COSName.FONT_FILE2, fontFile);

        int maxCid = used.lastKey();
        byte[] cidToGid = new byte[(maxCid + 1) * 2];
        for (Map.Entry<Integer, Integer> e : newToOld.entrySet()) {
            int cid = e.getValue();
            int gid = e.getKey();
            if (cid <= maxCid) {
                cidToGid[cid * 2] = (byte) (gid >> 8);
                cidToGid[cid * 2 + 1] = (byte) gid;
            }
        }
        COSStream cidToGidMap = document.getDocument().createCOSStream();
        deflate(cidToGidMap, cidToGid, Deflater.DEFAULT_COMPRESSION);

        COSDictionary systemInfo = new COSDictionary();
        systemInfo.setString(COSName.REGISTRY, "Adobe");
        systemInfo.setString(COSName.ORDERING, "Identity");
        systemInfo.setInt(COSName.SUPPLEMENT, 0);

        COSDictionary cidFont = new COSDictionary();
        cidFont.setItem(COSName.TYPE, COSName.FONT);
        cidFont.setItem(COSName.SUBTYPE, COSName.CID_FONT_TYPE2);
        cidFont.setName(COSName.BASE_FONT, name);
        cidFont.setItem(COSName.CIDSYSTEMINFO, systemInfo);
        cidFont.setItem(COSName.FONT_DESC, descriptor);
        cidFont.setItem(COSName.W, widths(font, used));
        cidFont.setItem(COSName.CID_TO_GID_MAP, cidToGidMap);

        COSStream toUnicode = document.getDocument().createCOSStream();
        deflate(toUnicode, toUnicode(used), Deflater.DEFAULT_COMPRESSION);

        COSDictionary type0 = new COSDictionary();
        type0.setItem(COSName.TYPE, COSName.FONT);
        type0.setItem(COSName.SUBTYPE, COSName.TYPE0);
        type0.setName(COSName.BASE_FONT, name);
        type0.setItem(COSName.ENCODING, COSName.IDENTITY_H);
        COSArray descendants = new COSArray();
        descendants.add(cidFont);
        type0.setItem(COSName.DESCENDANT_FONTS, descendants);
        type0.setItem(COSName.TO_UNICODE, toUnicode);
        return type0;
    }

    /** W: {@code c [w1 w2 …]} for each run of consecutive CIDs whose width is not the default 1000. */
    private static COSArray widths(DecisionFont font, SortedMap<Integer, Integer> used) {
        COSArray w = new COSArray();
        COSArray run = null;
        int previous = Integer.MIN_VALUE;
        for (int cid : used.keySet()) {
            int width = font.advance(cid);
            if (width == DEFAULT_WIDTH) {
                continue;
            }
            if (run == null || cid != previous + 1) {
                run = new COSArray();
                w.add(COSInteger.get(cid));
                w.add(run);
            }
            run.add(COSInteger.get(width));
            previous = cid;
        }
        return w;
    }

    /** The ToUnicode CMap: each CID to the text it stands for, so the letter can be searched and copied. */
    private static byte[] toUnicode(SortedMap<Integer, Integer> used) {
        StringBuilder cmap = new StringBuilder(used.size() * 16 + 512);
        cmap.append("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n")
                .append("/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n")
                .append("/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n")
                .append("1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
        int inBlock = 0;
        int left = used.size();
        for (Map.Entry<Integer, Integer> e : used.entrySet()) {
            if (inBlock == 0) {
                cmap.append(Math.min(100, left)).append(" beginbfchar\n");
            }
            cmap.append('<').append(hex4(e.getKey())).append("> <");
            for (char c : Character.toChars(e.getValue())) {
                cmap.append(hex4(c));
            }
            cmap.append(">\n");
            left--;
            if (++inBlock == 100 || left == 0) {
                cmap.append("endbfchar\n");
                inBlock = 0;
            }
        }
        cmap.append("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
        return cmap.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static String hex4(int value) {
        String h = Integer.toHexString(value).toUpperCase();
        return "0000".substring(h.length()) + h;
    }

    /** A six-letter subset tag derived from the glyph set, as PDF requires (e.g. AKBOWF+UKaiTW). */
    private static String tag(Map<Integer, Integer> gidMap) {
        long n = gidMap.hashCode() & 0xffffffffL;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            sb.append(BASE25.charAt((int) (n % 25)));
            n /= 25;
        }
        return sb.append('+').toString();
    }

    static void deflate(COSStream stream, byte[] data, int level) throws IOException {
        stream.setItem(COSName.FILTER, COSName.FLATE_DECODE);
        Deflater deflater = new Deflater(level);
        try (OutputStream raw = stream.createRawOutputStream();
             DeflaterOutputStream out = new DeflaterOutputStream(raw, deflater, 8192)) {
            out.write(data);
        } finally {
            deflater.end();
        }
    }
}
