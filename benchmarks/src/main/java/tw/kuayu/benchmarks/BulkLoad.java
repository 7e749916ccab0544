package tw.kuayu.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;

/**
 * Set-based bulk loads into a running Kuayu's PostgreSQL database, written the way the engine and
 * Kuayu's listeners would have written them, so that both Kuayu's read model and Camunda's own
 * queries answer correctly over the loaded rows:
 * <ul>
 *   <li>{@link #openCases}: open cases, each waiting in one user task of the land-value-tax
 *       process: {@code kuayu_case} and {@code kuayu_task} (the read model), and the engine's
 *       {@code ACT_RU_EXECUTION} (the process instance), {@code ACT_RU_TASK}, {@code ACT_RU_IDENTITYLINK}
 *       (candidate group) and {@code ACT_RU_AUTHORIZATION} (the group's READ/UPDATE grant on the task,
 *       which Camunda writes when authorization is enabled);</li>
 *   <li>{@link #finishedCases}: closed cases for the SLA reports ({@code kuayu_case} and two completed
 *       {@code kuayu_task} rows each; their engine history is not loaded), and {@link #rollups} the SLA
 *       rollups over everything loaded.</li>
 * </ul>
 * Rows are generated with {@code generate_series} from the row number, deterministically: the
 * candidate group is {@code GROUPS[n % 10]}, creation times are scattered over 40 days (not in row
 * order, so the table's physical order does not match the worklist order), 2 % of tasks are held by
 * a member of the group and 3 % by a colleague. The loaded processes are for reading: nobody
 * completes them (they carry no {@code caseId} variable).
 */
final class BulkLoad {

    /** Ten candidate groups: the seven agencies of the catalog and three agency role groups. */
    static final List<String> GROUPS = List.of("tpe-tax", "tpe-udd", "tpe-social", "tpe-land", "tpe-fire", "tpe-daan",
            "tpe-indigenous", "tpe-tax.approver", "tpe-udd.approver", "tpe-social.reviewer");
    /** A demo user of each group above (same order), who holds 2 % of the group's tasks. */
    static final List<String> HOLDERS = List.of("tax.clerk", "udd.clerk", "social.reviewer", "land.reviewer", "fire.reviewer",
            "district.clerk", "indigenous.officer", "tax.chief", "udd.chief", "social.reviewer");
    static final String CASE_TYPE = "land-value-tax-self-use";
    static final String STEP = "review";
    static final String STEP_NAME = "審查";
    /** READ (2) and UPDATE (4) on the task: what Camunda grants a candidate group. */
    static final int TASK_PERMS = 6;

    /** Tables the loads write: autovacuum is switched off on them while measuring "right after the load". */
    static final List<String> TABLES = List.of("kuayu_case", "kuayu_task", "act_ru_execution", "act_ru_task",
            "act_ru_identitylink", "act_ru_authorization");

    private final DataSource dataSource;

    BulkLoad(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Row-number expressions shared by every table of one load (PostgreSQL), over generate_series(?, ?) AS n. */
    private static final String SOURCE = "CREATE TEMP TABLE bulk_src ON COMMIT DROP AS SELECT n, "
            + "'bc-' || n AS case_id, 'bp-' || n AS proc_id, 'bt-' || n AS task_id, 'B' || lpad(n::text, 10, '0') AS case_no, "
            + "g.grp[n % 10 + 1] AS grp, split_part(g.grp[n % 10 + 1], '.', 1) AS agency, "
            + "CASE WHEN (n / 10) % 100 < 2 THEN g.holder[n % 10 + 1] WHEN (n / 10) % 100 < 5 THEN 'colleague-' || (n % 10) END AS assignee, "
            // received 1 to 41 days before now, scattered (multiplicative hash), created up to a day later
            + "?::timestamp - interval '1 day' - make_interval(secs => ((n * 2654435761) % 3456000)::double precision) AS received_at, "
            + "((n * 40503) % 86400) * interval '1 second' + (n % 1000) * interval '1 millisecond' AS task_delay "
            + "FROM generate_series(?::bigint, ?::bigint) AS n, (SELECT ?::text[] AS grp, ?::text[] AS holder) g";

    private static final List<String> OPEN_INSERTS = List.of(
            "INSERT INTO kuayu_case (id, case_no, case_type, owner_agency, status, applicant_national_id, applicant_name, data_json, "
                    + "process_instance_id, received_at, due_at, created_by, stopped_working_days) "
                    + "SELECT case_id, case_no, '" + CASE_TYPE + "', agency, 'in-progress', 'A' || lpad((n % 1000000000)::text, 9, '0'), "
                    + "'測試申請人' || (n % 1000), '{}', proc_id, received_at, received_at + interval '30 days', 'bench', 0 FROM bulk_src",
            "INSERT INTO act_ru_execution (id_, rev_, root_proc_inst_id_, proc_inst_id_, business_key_, proc_def_id_, act_id_, act_inst_id_, "
                    + "is_active_, is_concurrent_, is_scope_, is_event_scope_, suspension_state_, cached_ent_state_, sequence_counter_, proc_def_key_) "
                    + "SELECT proc_id, 1, proc_id, proc_id, case_no, ?, '" + STEP + "', '" + STEP + ":' || task_id, "
                    + "true, false, true, false, 1, 2, 1, '" + CASE_TYPE + "' FROM bulk_src",
            "INSERT INTO act_ru_task (id_, rev_, execution_id_, proc_inst_id_, proc_def_id_, name_, task_def_key_, assignee_, priority_, "
                    + "create_time_, suspension_state_, task_state_) "
                    + "SELECT task_id, 1, proc_id, proc_id, ?, '" + STEP_NAME + "', '" + STEP + "', assignee, 50, received_at + task_delay, 1, 'Created' "
                    + "FROM bulk_src",
            "INSERT INTO act_ru_identitylink (id_, rev_, group_id_, type_, task_id_) SELECT 'bl-' || n, 1, grp, 'candidate', task_id FROM bulk_src",
            "INSERT INTO act_ru_authorization (id_, rev_, type_, group_id_, resource_type_, resource_id_, perms_, root_proc_inst_id_) "
                    + "SELECT 'ba-' || n, 1, 1, grp, 7, task_id, " + TASK_PERMS + ", proc_id FROM bulk_src",
            "INSERT INTO kuayu_task (task_id, case_id, process_instance_id, process_definition_id, step, name, agency, candidate_group, "
                    + "assignee, status, created_at) "
                    + "SELECT task_id, case_id, proc_id, ?, '" + STEP + "', '" + STEP_NAME + "', agency, grp, assignee, 'open', received_at + task_delay "
                    + "FROM bulk_src");

    /**
     * Open cases {@code first .. first+count-1}, each with one open task, as of {@code now}; returns
     * the seconds taken. The rows of one call are committed together.
     */
    double openCases(long first, long count, Instant now) throws SQLException {
        long t0 = System.nanoTime();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            String definition = latestDefinition(c);
            try (PreparedStatement source = c.prepareStatement(SOURCE)) {
                source.setTimestamp(1, Timestamp.from(now));
                source.setLong(2, first);
                source.setLong(3, first + count - 1);
                source.setArray(4, c.createArrayOf("text", GROUPS.toArray()));
                source.setArray(5, c.createArrayOf("text", HOLDERS.toArray()));
                source.execute();
            }
            for (String sql : OPEN_INSERTS) {
                try (PreparedStatement insert = c.prepareStatement(sql)) {
                    if (sql.contains("?")) {
                        insert.setString(1, definition);
                    }
                    insert.executeUpdate();
                }
            }
            c.commit();
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /**
     * Closed cases {@code first .. first+count-1} for the SLA reports, received over the three years
     * before {@code now}: the four case types with their owning agencies, 70 % approved, 20 %
     * rejected, 10 % withdrawn, durations of 3 to 40 days against a 30-day period (about one in
     * ten decided late), each with two completed tasks as the SLA rollup's step figures need them: the owning agency's
     * {@code review} (first 30 % of the case's time, due in 7 days) and a {@code jointReview} by the land office, social
     * welfare or fire department (to 90 %, due in 5 days). Returns the seconds taken; call {@link #rollups} after the loads.
     */
    double finishedCases(long first, long count, Instant now) throws SQLException {
        String sql = "WITH c AS (INSERT INTO kuayu_case (id, case_no, case_type, owner_agency, status, applicant_national_id, applicant_name, data_json, "
                + "received_at, due_at, closed_at, created_by, stopped_working_days) "
                + "SELECT 'fc-' || n, 'F' || lpad(n::text, 10, '0'), t.type[n % 4 + 1], t.owner[n % 4 + 1], "
                + "CASE WHEN n % 10 < 7 THEN 'approved' WHEN n % 10 < 9 THEN 'rejected' ELSE 'withdrawn' END, "
                + "'F' || lpad((n % 1000000000)::text, 9, '0'), '結案申請人' || (n % 1000), '{}', r.received_at, "
                + "r.received_at + interval '30 days', r.received_at + make_interval(days => (3 + (n * 7919) % 38)::int), 'bench', 0 "
                + "FROM generate_series(?::bigint, ?::bigint) AS n, "
                + "(SELECT ?::text[] AS type, ?::text[] AS owner) t, "
                + "LATERAL (SELECT ?::timestamp - interval '41 days' - make_interval(secs => ((n * 2654435761) % 94608000)::double precision) AS received_at) r "
                + "RETURNING id, owner_agency, received_at, closed_at) "
                + "INSERT INTO kuayu_task (task_id, case_id, process_instance_id, process_definition_id, step, name, agency, candidate_group, "
                + "assignee, status, created_at, due_at, ended_at) "
                + "SELECT 'ft-r-' || id, id, 'bench', 'bench', 'review', '審查', owner_agency, NULL, NULL, 'completed', "
                + "received_at + interval '1 hour', received_at + interval '7 days', received_at + (closed_at - received_at) * 0.3 FROM c "
                + "UNION ALL SELECT 'ft-j-' || id, id, 'bench', 'bench', 'jointReview', '會辦審查', "
                + "(ARRAY['tpe-land', 'tpe-social', 'tpe-fire'])[1 + abs(hashtext(id)) % 3], NULL, NULL, 'completed', "
                + "received_at + (closed_at - received_at) * 0.3, received_at + (closed_at - received_at) * 0.3 + interval '5 days', "
                + "received_at + (closed_at - received_at) * 0.9 FROM c";
        long t0 = System.nanoTime();
        try (Connection c = dataSource.getConnection(); PreparedStatement insert = c.prepareStatement(sql)) {
            insert.setLong(1, first);
            insert.setLong(2, first + count - 1);
            insert.setArray(3, c.createArrayOf("text", new String[] {"land-value-tax-self-use", "public-housing-low-income",
                    "factory-registration", "indigenous-housing-subsidy"}));
            insert.setArray(4, c.createArrayOf("text", new String[] {"tpe-tax", "tpe-udd", "tpe-udd", "tpe-daan"}));
            insert.setTimestamp(5, Timestamp.from(now));
            insert.executeUpdate();
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /**
     * Rebuilds the SLA rollups (kuayu_sla_day, kuayu_sla_step_day) from the loaded rows with changelog 018's PostgreSQL
     * backfill statements (the same SQL), as an upgraded database gets them; returns the seconds taken.
     */
    double rollups() throws SQLException {
        long t0 = System.nanoTime();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("DELETE FROM kuayu_sla_day");
            s.execute("DELETE FROM kuayu_sla_step_day");
            s.execute("INSERT INTO kuayu_sla_day (received_day, owner_agency, case_type, received, decided, decided_on_time, withdrawn) "
                    + "SELECT CAST(received_at + INTERVAL '8' HOUR AS DATE), owner_agency, case_type, COUNT(*), "
                    + "SUM(CASE WHEN closed_at IS NOT NULL AND status <> 'withdrawn' THEN 1 ELSE 0 END), "
                    + "SUM(CASE WHEN closed_at IS NOT NULL AND status <> 'withdrawn' AND closed_at <= due_at THEN 1 ELSE 0 END), "
                    + "SUM(CASE WHEN status = 'withdrawn' THEN 1 ELSE 0 END) "
                    + "FROM kuayu_case GROUP BY CAST(received_at + INTERVAL '8' HOUR AS DATE), owner_agency, case_type");
            s.execute("INSERT INTO kuayu_sla_step_day (received_day, owner_agency, case_type, step, agency, name, completed, completed_late, "
                    + "held_seconds, max_held_seconds) "
                    + "SELECT CAST(c.received_at + INTERVAL '8' HOUR AS DATE), c.owner_agency, c.case_type, t.step, COALESCE(t.agency, '-'), "
                    + "MAX(t.name), COUNT(*), SUM(CASE WHEN t.ended_at > t.due_at THEN 1 ELSE 0 END), "
                    + "SUM(EXTRACT(EPOCH FROM (t.ended_at - t.created_at))), MAX(EXTRACT(EPOCH FROM (t.ended_at - t.created_at))) "
                    + "FROM kuayu_task t JOIN kuayu_case c ON c.id = t.case_id WHERE t.status = 'completed' "
                    + "GROUP BY CAST(c.received_at + INTERVAL '8' HOUR AS DATE), c.owner_agency, c.case_type, t.step, COALESCE(t.agency, '-')");
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /** Autovacuum (and with it auto-analyze) on or off for the loaded tables. */
    void autovacuum(boolean on) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String table : TABLES) {
                s.execute("ALTER TABLE " + table + " SET (autovacuum_enabled = " + on + ")");
            }
        }
    }

    /** What autovacuum would eventually do: statistics and the visibility map; returns the seconds taken. */
    double vacuumAnalyze() throws SQLException {
        long t0 = System.nanoTime();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String table : TABLES) {
                s.execute("VACUUM ANALYZE " + table);
            }
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    long count(String sql, Object... args) throws SQLException {
        return Long.parseLong(strings(sql, args).get(0));
    }

    /**
     * The first column of a query's rows. Without statistics the planner may pick nested loops over
     * whole tables for the checks' joins; they run with hash joins instead (SET LOCAL: this
     * transaction only, the pooled connection is Kuayu's).
     */
    List<String> strings(String sql, Object... args) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (Statement set = c.createStatement()) {
                set.execute("SET LOCAL enable_nestloop = off");
            }
            List<String> out = new java.util.ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    s.setObject(i + 1, args[i]);
                }
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        out.add(r.getString(1));
                    }
                }
            }
            c.commit();
            c.setAutoCommit(true);
            return out;
        }
    }

    /** EXPLAIN (ANALYZE, BUFFERS) of a query as Kuayu's connections would plan it. */
    String explain(String sql, Object... args) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("EXPLAIN (ANALYZE, BUFFERS) " + sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            List<String> out = new java.util.ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(r.getString(1));
                }
            }
            return String.join("\n", out);
        }
    }

    private static String latestDefinition(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT id_ FROM act_re_procdef WHERE key_ = ? ORDER BY version_ DESC LIMIT 1")) {
            s.setString(1, CASE_TYPE);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    throw new IllegalStateException(CASE_TYPE + " is not deployed");
                }
                return r.getString(1);
            }
        }
    }
}
