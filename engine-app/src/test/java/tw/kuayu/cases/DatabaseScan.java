package tw.kuayu.cases;

import java.nio.charset.StandardCharsets;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Reads every value of every table in the application's schema and reports where any of the given texts occurs in clear. */
public final class DatabaseScan {

    private DatabaseScan() {
    }

    /** "table.column: text" for each occurrence (each column reported once per text). */
    public static List<String> find(DataSource dataSource, String... texts) throws SQLException {
        List<String> hits = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet t = c.getMetaData().getTables(null, c.getSchema(), "%", new String[] {"TABLE"})) {
                while (t.next()) {
                    tables.add(t.getString("TABLE_NAME"));
                }
            }
            for (String table : tables) {
                try (Statement s = c.createStatement(); ResultSet rows = s.executeQuery("SELECT * FROM \"" + table + "\"")) {
                    ResultSetMetaData meta = rows.getMetaData();
                    while (rows.next()) {
                        for (int i = 1; i <= meta.getColumnCount(); i++) {
                            String value = text(rows.getObject(i));
                            for (String wanted : texts) {
                                String hit = table + "." + meta.getColumnName(i) + ": " + wanted;
                                if (value != null && value.contains(wanted) && !hits.contains(hit)) {
                                    hits.add(hit);
                                }
                            }
                        }
                    }
                }
            }
            if (tables.stream().noneMatch(t -> t.equalsIgnoreCase("kuayu_case"))) {
                throw new IllegalStateException("the scan did not see Kuayu's tables in schema " + c.getSchema() + ": " + tables);
            }
        }
        return hits;
    }

    private static String text(Object value) throws SQLException {
        if (value instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        if (value instanceof Blob blob) {
            return new String(blob.getBytes(1, (int) blob.length()), StandardCharsets.UTF_8);
        }
        if (value instanceof Clob clob) {
            return clob.getSubString(1, (int) clob.length());
        }
        return value == null ? null : value.toString();
    }
}
