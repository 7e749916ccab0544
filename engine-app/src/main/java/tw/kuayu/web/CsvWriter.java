package tw.kuayu.web;

import java.nio.charset.StandardCharsets;

/**
 * CSV exports (RFC 4180, CRLF) in UTF-8 with a byte-order mark, so Excel opens the Chinese text
 * correctly. Cells that a spreadsheet would run as a formula are prefixed with {@code '}.
 */
public final class CsvWriter {

    public static final String MEDIA_TYPE = "text/csv;charset=UTF-8";

    private final StringBuilder out = new StringBuilder("\uFEFF");

    private CsvWriter(String header) {
        out.append(header).append("\r\n");
    }

    /** A new export whose first line is {@code header} (already comma-separated). */
    public static CsvWriter withHeader(String header) {
        return new CsvWriter(header);
    }

    public CsvWriter line(Object... cells) {
        for (int i = 0; i < cells.length; i++) {
            out.append(i == 0 ? "" : ",").append(cell(cells[i]));
        }
        out.append("\r\n");
        return this;
    }

    public byte[] bytes() {
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    static String cell(Object value) {
        if (value == null) {
            return "";
        }
        String text = value.toString();
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0 && !(value instanceof Number)) {
            text = "'" + text;
        }
        if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            text = '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }
}
