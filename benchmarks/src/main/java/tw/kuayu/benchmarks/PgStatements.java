package tw.kuayu.benchmarks;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * PostgreSQL's own account of where its time went ({@code pg_stat_statements}, with
 * -Dbench.pgStatements=true; the server is then started with the module preloaded): reset before a
 * scenario, the statements of this database by total execution time printed after it.
 */
final class PgStatements {

    static final boolean ON = Boolean.getBoolean("bench.pgStatements");
    /** How many statements each desks row lists (-Dbench.pgStatementsTop). */
    static final int TOP = Integer.getInteger("bench.pgStatementsTop", 25);
    /** The statements of the data source's own database (the server holds bare Camunda's and Kuayu's). */
    private static final String THIS_DATABASE = "dbid = (SELECT oid FROM pg_database WHERE datname = current_database())";

    private PgStatements() {
    }

    static void reset(DataSource db) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            s.execute("SELECT pg_stat_statements_reset()");
        }
    }

    static void print(DataSource db, String scenario, int cases, int top) throws SQLException {
        System.out.printf("%n%s — PostgreSQL statements by total time (pg_stat_statements), per case%n", scenario);
        System.out.printf("%9s %9s %9s %8s  %s%n", "ms/case", "calls/case", "mean ms", "rows", "statement");
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT total_exec_time, calls, mean_exec_time, rows, regexp_replace(query, '\\s+', ' ', 'g')"
                     + " FROM pg_stat_statements WHERE " + THIS_DATABASE + " ORDER BY total_exec_time DESC LIMIT " + top)) {
            while (rs.next()) {
                String query = rs.getString(5);
                if (query.startsWith("SELECT pg_stat_statements_reset")) {
                    continue;
                }
                System.out.printf("%9.2f %9.1f %9.3f %8d  %s%n", rs.getDouble(1) / cases, rs.getLong(2) / (double) cases, rs.getDouble(3),
                        rs.getLong(4), query.length() > 160 ? query.substring(0, 160) + "…" : query);
            }
        }
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT sum(total_exec_time), sum(calls) FROM pg_stat_statements WHERE " + THIS_DATABASE)) {
            rs.next();
            System.out.printf("%9.2f %9.1f  all statements%n", rs.getDouble(1) / cases, rs.getLong(2) / (double) cases);
        }
    }
}
