package tw.kuayu.sla;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.yaml.snakeyaml.Yaml;
import tw.kuayu.cases.CaseMapper;
import tw.kuayu.cases.CaseRecord;
import tw.kuayu.cases.CaseStatus;
import tw.kuayu.casetype.Catalog;
import tw.kuayu.tasks.TaskMapper;
import tw.kuayu.tasks.TaskMapper.TaskRow;

/**
 * The rollup read model (decision 027) gives the same figures as the direct queries over every row did: a varied
 * history (four case types and their agencies, on time, late, rejected, withdrawn, open, clock stopped before and after
 * the due date, receipts around Taipei midnight and across month and year ends, completed, late, open and cancelled
 * tasks of several agencies and of none) is written the way intake, closing and task completion write it, then the
 * summary, trend and bottleneck reports are compared with {@link DirectSlaQueries} for many date ranges, agencies, case
 * types, steps and manager scopes. The history lies in 2018–2020, where no other test of the shared context writes.
 * Also: changelog 018's backfill SQL rebuilds the same rows, and parallel transactions lose no update.
 */
@SpringBootTest
@ActiveProfiles({"demo", "test"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SlaRollupTest {

    record Type(String key, String owner) {
    }

    static final List<Type> TYPES = List.of(new Type("land-value-tax-self-use", "tpe-tax"), new Type("public-housing-low-income", "tpe-udd"),
            new Type("factory-registration", "tpe-udd"), new Type("indigenous-housing-subsidy", "tpe-daan"));
    static final List<String> REVIEWERS = java.util.Arrays.asList("tpe-land", "tpe-social", "tpe-fire", null);
    static final LocalDate FIRST = LocalDate.of(2019, 11, 1);
    static final LocalDate LAST = LocalDate.of(2020, 2, 29);

    @Autowired
    CaseMapper cases;
    @Autowired
    TaskMapper tasks;
    @Autowired
    SlaRollup rollup;
    @Autowired
    SlaReports reports;
    @Autowired
    DirectSlaQueries direct;
    @Autowired
    SlaMapper sla;
    @Autowired
    Catalog catalog;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PlatformTransactionManager transactions;

    final String prefix = "R" + UUID.randomUUID().toString().substring(0, 6);
    final Random random = new Random(27);
    final Instant now = SlaSeed.taipei("2020-02-20T12:00");
    int n;

    @BeforeAll
    void writeHistory() {
        for (LocalDate day = FIRST; !day.isAfter(LAST); day = day.plusDays(1 + random.nextInt(3))) {
            for (int i = random.nextInt(4); i >= 0; i--) {
                writeCase(day);
            }
        }
        assertThat(n).isGreaterThan(100);
    }

    private void writeCase(LocalDate day) {
        Type type = TYPES.get(random.nextInt(TYPES.size()));
        // a quarter just before or after Taipei midnight: the day of receipt is Taipei's, not UTC's
        int minute = switch (random.nextInt(4)) {
            case 0 -> 23 * 60 + 50 + random.nextInt(10);
            case 1 -> random.nextInt(10);
            default -> 8 * 60 + random.nextInt(9 * 60);
        };
        Instant received = day.atStartOfDay(tw.kuayu.calendar.WorkingCalendar.TAIPEI).toInstant().plus(Duration.ofMinutes(minute));
        if (received.isAfter(now)) {
            return;
        }
        Instant due = received.plus(Duration.ofDays(14 + random.nextInt(30)));
        String id = UUID.randomUUID().toString();
        cases.insert(new CaseRecord(id, "109-" + prefix + "-" + (++n), type.key(), type.owner(), CaseStatus.IN_PROGRESS, "A123456789",
                "王小明", "{}", null, received, due, null, "rollup-test", null, null));
        rollup.received(id);

        Instant at = received.plus(Duration.ofMinutes(30));
        at = task(id, "review", "承辦審查", type.owner(), at, 1 + random.nextInt(12));
        if (at != null && random.nextInt(3) > 0) {
            Instant end = at;
            for (int r = 1 + random.nextInt(2); r > 0; r--) {
                Instant e = task(id, "jointReview", "會辦審查", REVIEWERS.get(random.nextInt(REVIEWERS.size())), at, 2 + random.nextInt(10));
                end = e == null || end == null ? null : e.isAfter(end) ? e : end;
            }
            at = end;
        }
        int outcome = random.nextInt(10);
        if (outcome < 2 && at != null) {
            // stopped for correction (補正), before or after the due date, and still waiting
            cases.stopClock(id, random.nextBoolean() ? due.minus(Duration.ofDays(2)) : due.plus(Duration.ofDays(1)));
        } else if (outcome < 3) {
            close(id, CaseStatus.WITHDRAWN, received.plus(Duration.ofDays(1 + random.nextInt(10))));
        } else if (at != null && outcome < 9) {
            Instant closed = at.plus(Duration.ofHours(1 + random.nextInt(24 * 6)));
            close(id, random.nextInt(4) == 0 ? CaseStatus.REJECTED : CaseStatus.APPROVED, closed.isAfter(now) ? now : closed);
        }
    }

    /** What CloseCaseDelegate and DecisionIssuer (through DecisionIssued) do; the ended process's open tasks are cancelled. */
    private void close(String id, String status, Instant at) {
        tasks.ofCase(id).stream().filter(t -> TaskMapper.OPEN.equals(t.status())).forEach(t -> tasks.end(t.taskId(), TaskMapper.CANCELLED, at));
        cases.close(id, status, at);
        rollup.closed(id);
    }

    /** A task of the step; completed after {@code days} (its end), still open (null) or cancelled and redone. */
    private Instant task(String caseId, String step, String name, String agency, Instant created, int days) {
        String id = UUID.randomUUID().toString();
        Instant due = random.nextInt(5) == 0 ? null : created.plus(Duration.ofDays(5));
        tasks.insert(new TaskRow(id, caseId, "rollup-pi", "rollup-pd", step, name, agency, null, null, TaskMapper.OPEN, created, due, null));
        Instant ended = created.plus(Duration.ofDays(days)).plus(Duration.ofSeconds(random.nextInt(86_400)));
        if (ended.isAfter(now)) {
            return null;
        }
        if (random.nextInt(12) == 0) {
            tasks.end(id, TaskMapper.CANCELLED, ended); // not counted anywhere
            return task(caseId, step, name, agency, ended, days);
        }
        tasks.end(id, TaskMapper.COMPLETED, ended);
        rollup.taskCompleted(id);
        return ended;
    }

    SlaFilter filter(LocalDate from, LocalDate to, String agency, String caseType, String step, Set<String> scope) {
        return SlaFilter.parse(from.toString(), to.toString(), agency, caseType, step, catalog, now, new SlaScope(scope));
    }

    List<SlaFilter> filters() {
        List<LocalDate[]> ranges = List.of(new LocalDate[] {FIRST, LAST}, new LocalDate[] {LocalDate.of(2019, 11, 15), LocalDate.of(2019, 12, 31)},
                new LocalDate[] {LocalDate.of(2019, 12, 31), LocalDate.of(2020, 1, 1)}, new LocalDate[] {LocalDate.of(2020, 1, 1), LocalDate.of(2020, 1, 31)},
                new LocalDate[] {LocalDate.of(2020, 2, 10), LocalDate.of(2020, 2, 10)}, new LocalDate[] {LocalDate.of(2019, 10, 1), LocalDate.of(2020, 12, 31)});
        List<SlaFilter> filters = new ArrayList<>();
        for (LocalDate[] r : ranges) {
            for (String agency : java.util.Arrays.asList(null, "tpe-udd", "tpe-land")) {
                for (String type : java.util.Arrays.asList(null, "public-housing-low-income")) {
                    for (Set<String> scope : java.util.Arrays.asList(null, Set.of("tpe-udd"), Set.of("tpe-land", "tpe-tax"))) {
                        for (String step : java.util.Arrays.asList(null, "jointReview")) {
                            filters.add(filter(r[0], r[1], agency, type, step, scope));
                        }
                    }
                }
            }
        }
        return filters;
    }

    @Test
    void theSummaryTrendAndBottlenecksEqualTheDirectQueries() {
        int nonEmpty = 0;
        for (SlaFilter f : filters()) {
            SlaSummary expected = SlaSummary.of(f, direct.summary(f), reports::agencyName, reports::caseTypeName);
            assertThat(reports.summary(f)).as("summary %s", f).isEqualTo(expected);
            assertThat(reports.trend(f)).as("trend %s", f)
                    .isEqualTo(SlaTrend.of(f, direct.trend(f), reports::agencyName, reports::caseTypeName));
            assertThat(reports.bottlenecks(f)).as("bottlenecks %s", f).isEqualTo(Bottlenecks.of(f, direct.bottlenecks(f), reports::agencyName));
            nonEmpty += expected.total().received() > 0 && expected.total().decided() > 0 && expected.total().open() > 0 ? 1 : 0;
        }
        assertThat(nonEmpty).as("filters with received, decided and open cases").isGreaterThan(10);
        SlaSummary all = reports.summary(filter(FIRST, LAST, null, null, null, null));
        assertThat(all.total().withdrawn()).isPositive();
        assertThat(all.total().decidedOnTime()).isPositive().isLessThan(all.total().decided());
        assertThat(all.total().overdueOpen()).isPositive().isLessThan(all.total().open());
        Bottlenecks steps = reports.bottlenecks(filter(FIRST, LAST, null, null, null, null));
        assertThat(steps.rows()).anySatisfy(r -> assertThat(r.agency()).isNull());
        assertThat(steps.rows()).anySatisfy(r -> assertThat(r.completedLate()).isPositive());
        assertThat(steps.rows()).anySatisfy(r -> assertThat(r.openOverdue()).isPositive());
    }

    /** Without a date range, case type or scope the open tasks are read without their cases: the same figures as with them. */
    @Test
    void openTasksWithoutACaseFilterAreTheOpenTasksOfOpenCases() {
        for (String step : java.util.Arrays.asList(null, "jointReview")) {
            SlaFilter unfiltered = SlaFilter.parse(null, null, null, null, step, catalog, now, SlaScope.CITY_WIDE);
            SlaFilter everything = filter(LocalDate.of(1900, 1, 1), LocalDate.of(2999, 12, 31), null, null, step, null);
            List<SlaMapper.BottleneckRow> open = sla.bottlenecksOpen(unfiltered);
            assertThat(open).isNotEmpty();
            assertThat(open).containsExactlyInAnyOrderElementsOf(sla.bottlenecksOpen(everything));
        }
    }

    /** Changelog 018's backfill statements, as written there for this database, select exactly the rows kept incrementally. */
    @Test
    void theChangelogBackfillRebuildsTheSameRows() throws Exception {
        String vendor = jdbc.execute((java.sql.Connection c) -> c.getMetaData().getDatabaseProductName()).toLowerCase();
        String dbms = vendor.contains("postgres") ? "postgresql" : "h2";
        List<String> statements = new ArrayList<>();
        try (InputStream in = getClass().getResourceAsStream("/db/changelog/018-sla-rollup.yaml")) {
            Map<String, List<Map<String, Map<String, Object>>>> log = new Yaml().load(in);
            for (Map<String, Map<String, Object>> entry : log.get("databaseChangeLog")) {
                Map<String, Object> set = entry.get("changeSet");
                if (set.get("dbms") != null && List.of(set.get("dbms").toString().split(",")).contains(dbms)) {
                    for (Map<String, Map<String, Object>> change : (List<Map<String, Map<String, Object>>>) set.get("changes")) {
                        statements.add(change.get("sql").get("sql").toString());
                    }
                }
            }
        }
        assertThat(statements).hasSize(2);
        String range = " WHERE received_day BETWEEN DATE '" + FIRST + "' AND DATE '" + LAST + "' ORDER BY 1, 2, 3, 4, 5";
        String days = "SELECT received_day, owner_agency, case_type, received, decided, decided_on_time, withdrawn FROM kuayu_sla_day";
        String steps = "SELECT received_day, owner_agency, case_type, step, agency, name, completed, completed_late, "
                + "CAST(held_seconds AS DECIMAL(20, 0)) AS h, CAST(max_held_seconds AS DECIMAL(20, 0)) AS m FROM kuayu_sla_step_day";
        for (String sql : statements) {
            String select = sql.substring(sql.indexOf("SELECT"));
            boolean day = sql.contains("kuayu_sla_day");
            String columns = day ? "received_day, owner_agency, case_type, received, decided, decided_on_time, withdrawn"
                    : "received_day, owner_agency, case_type, step, agency, name, completed, completed_late, h, m";
            String rebuilt = day ? "SELECT " + columns + " FROM (" + select + ") b(" + columns + ")"
                    : "SELECT received_day, owner_agency, case_type, step, agency, name, completed, completed_late, CAST(h AS DECIMAL(20, 0)), CAST(m AS DECIMAL(20, 0)) "
                    + "FROM (" + select + ") b(" + columns + ")";
            List<Map<String, Object>> kept = jdbc.queryForList((day ? days : steps) + range);
            assertThat(kept).isNotEmpty();
            assertThat(jdbc.queryForList(rebuilt + range).stream().map(r -> List.copyOf(r.values()).toString()).toList())
                    .isEqualTo(kept.stream().map(r -> List.copyOf(r.values()).toString()).toList());
        }
    }

    /** Eight transactions at once file and then close cases received on the same (new) days: every one is counted once. */
    @Test
    void parallelTransactionsLoseNoUpdate() throws Exception {
        int threads = 8;
        int perThread = 12;
        TransactionTemplate tx = new TransactionTemplate(transactions);
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<LocalDate> dayList = List.of(LocalDate.of(2018, 6, 4), LocalDate.of(2018, 6, 5));
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int k = 0; k < perThread; k++) {
                        int i = k;
                        LocalDate day = dayList.get(i % 2);
                        Instant received = day.atTime(10, thread).atZone(tw.kuayu.calendar.WorkingCalendar.TAIPEI).toInstant();
                        String id = UUID.randomUUID().toString();
                        tx.executeWithoutResult(s -> {
                            cases.insert(new CaseRecord(id, "107-" + prefix + "-" + thread + "-" + i, "public-housing-low-income", "tpe-udd",
                                    CaseStatus.IN_PROGRESS, "A123456789", "王小明", "{}", null, received, received.plus(Duration.ofDays(30)),
                                    null, "rollup-test", null, null));
                            rollup.received(id);
                        });
                        tx.executeWithoutResult(s -> {
                            cases.close(id, i % 3 == 0 ? CaseStatus.WITHDRAWN : CaseStatus.APPROVED, received.plus(Duration.ofDays(i)));
                            rollup.closed(id);
                        });
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        for (LocalDate day : dayList) {
            Map<String, Object> row = jdbc.queryForMap("SELECT received, decided, decided_on_time, withdrawn FROM kuayu_sla_day "
                    + "WHERE received_day = ? AND owner_agency = 'tpe-udd' AND case_type = 'public-housing-low-income'", java.sql.Date.valueOf(day));
            long received = threads * perThread / 2;
            assertThat(((Number) row.get("received")).longValue()).as("received on %s", day).isEqualTo(received);
            assertThat(((Number) row.get("decided")).longValue() + ((Number) row.get("withdrawn")).longValue()).isEqualTo(received);
            SlaFilter f = filter(day, day, null, "public-housing-low-income", null, null);
            assertThat(reports.summary(f)).isEqualTo(SlaSummary.of(f, direct.summary(f), reports::agencyName, reports::caseTypeName));
        }
    }
}
