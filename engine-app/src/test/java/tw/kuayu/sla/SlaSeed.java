package tw.kuayu.sla;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.UUID;
import tw.kuayu.calendar.WorkingCalendar;
import tw.kuayu.cases.CaseMapper;
import tw.kuayu.cases.CaseRecord;
import tw.kuayu.tasks.TaskMapper;
import tw.kuayu.tasks.TaskMapper.TaskRow;

/**
 * A known SLA data set written straight into kuayu_case and kuayu_task (no process runs, no waiting):
 * cases received in March 2025 (Taipei), closed on time, late, withdrawn, open and overdue, open with
 * the clock stopped, and one received in April outside the tests' range. Case numbers carry a run
 * prefix so the set does not collide with other tests' cases in a shared context.
 */
final class SlaSeed {

    static final String TAX = "land-value-tax-self-use";
    static final String HOUSING = "public-housing-low-income";

    final String prefix = "S" + UUID.randomUUID().toString().substring(0, 6);
    private final CaseMapper cases;
    private final TaskMapper tasks;
    private final SlaRollup rollup;
    String caseD;
    String caseG;

    /** Rows only, without the SLA rollup: for tests that do not read the summary, trend or bottleneck reports. */
    SlaSeed(CaseMapper cases, TaskMapper tasks) {
        this(cases, tasks, null);
    }

    /** Rows and the SLA rollup, as intake, closing and task completion keep it. */
    SlaSeed(CaseMapper cases, TaskMapper tasks, SlaRollup rollup) {
        this.cases = cases;
        this.tasks = tasks;
        this.rollup = rollup;
    }

    static Instant taipei(String dateTime) {
        return LocalDateTime.parse(dateTime).atZone(WorkingCalendar.TAIPEI).toInstant();
    }

    void write() {
        String a = insert("A", TAX, "tpe-tax", "2025-03-03T09:00", "2025-03-21T23:59:59", "approved", "2025-03-20T15:00");
        String b = insert("B", TAX, "tpe-tax", "2025-03-04T09:00", "2025-03-24T23:59:59", "rejected", "2025-03-25T10:00");
        String c = insert("C", TAX, "tpe-tax", "2025-03-05T09:00", "2025-03-25T23:59:59", "withdrawn", "2025-03-10T11:00");
        caseD = insert("D", TAX, "tpe-tax", "2025-03-06T09:00", "2025-03-26T23:59:59", "in-progress", null);
        String e = insert("E", HOUSING, "tpe-udd", "2025-03-07T09:00", "2025-04-18T23:59:59", "approved", "2025-04-18T10:00");
        String f = insert("F", HOUSING, "tpe-udd", "2025-03-10T09:00", "2025-04-21T23:59:59", "in-progress", null);
        cases.stopClock(f, taipei("2025-04-01T10:00"));
        caseG = insert("G", HOUSING, "tpe-udd", "2025-03-11T09:00", "2025-04-22T23:59:59", "in-progress", null);
        insert("H", TAX, "tpe-tax", "2025-04-02T09:00", "2025-04-22T23:59:59", "in-progress", null);

        task(a, "review", "審查", "tpe-tax", "2025-03-03T10:00", "2025-03-03T12:00", "2025-03-10T23:59:59");
        task(b, "review", "審查", "tpe-tax", "2025-03-04T10:00", "2025-03-04T14:00", "2025-03-11T23:59:59");
        task(c, "review", "審查", "tpe-tax", "2025-03-07T10:00", "2025-03-10T10:00", "2025-03-07T23:59:59");
        task(a, "approve", "決行", "tpe-tax", "2025-03-19T09:00", "2025-03-19T10:00", null);
        task(e, "jointReview", "會辦", "tpe-social", "2025-03-12T10:00", "2025-03-14T16:00", null);
        task(caseD, "review", "審查", "tpe-tax", "2025-03-06T10:00", null, null);
        task(caseG, "jointReview", "會辦", "tpe-social", "2025-03-12T10:00", null, null);
        task(caseG, "jointReview", "會辦", "tpe-land", "2025-03-12T10:00", null, null);
    }

    String insert(String letter, String type, String agency, String received, String due, String status, String closed) {
        return insert(letter, type, agency, taipei(received), taipei(due), status, closed == null ? null : taipei(closed));
    }

    String insert(String letter, String type, String agency, Instant received, Instant due, String status, Instant closed) {
        String id = UUID.randomUUID().toString();
        cases.insert(new CaseRecord(id, "114-" + prefix + "-" + letter, type, agency, status, "A123456789", "王小明", "{}", null,
                received, due, closed, "seed", null, null));
        if (rollup != null) {
            rollup.received(id);
        }
        return id;
    }

    private void task(String caseId, String step, String name, String agency, String created, String ended, String due) {
        String id = UUID.randomUUID().toString();
        // no candidate group or assignee: seeded rows have no engine task and stay out of every worklist
        tasks.insert(new TaskRow(id, caseId, "seed-pi", "seed-pd", step, name, agency, null, null, TaskMapper.OPEN, taipei(created),
                due == null ? null : taipei(due), null));
        if (ended != null) {
            tasks.end(id, TaskMapper.COMPLETED, taipei(ended));
            if (rollup != null) {
                rollup.taskCompleted(id);
            }
        }
    }
}
