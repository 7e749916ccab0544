package tw.kuayu.sla;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tw.kuayu.calendar.WorkingCalendar;
import tw.kuayu.casetype.Catalog;
import tw.kuayu.cases.Counters;
import tw.kuayu.notifications.MailNotices;
import tw.kuayu.notifications.NotificationMapper;
import tw.kuayu.notifications.NotificationMapper.Notification;
import tw.kuayu.sla.WatchMapper.NearingCase;

/**
 * Flags each open case whose statutory deadline comes within one of the thresholds
 * {@code kuayu.sla.deadline-warning-working-days} (working days before the deadline, e.g. {@code 2,0}) to the owning
 * agency's approver group with an in-app notice of kind {@code deadline}, once per case and threshold: a case first
 * seen past several thresholds is flagged for the closest only, and is flagged again when it reaches the next closer
 * one. Cases with the clock stopped (補正) wait until it runs again. The notice is also e-mailed to the members of that
 * group ({@link MailNotices}, queued in the same transaction, when SMTP is configured).
 *
 * <p>Safe on every node of a cluster: a run holds a row lock (a counter row) until it commits, so a
 * second node's run waits and then finds the notices already there.
 */
@Component
public class DeadlineWatch {

    static final String KIND = "deadline";
    static final int BATCH = 500;
    /** The counter row whose lock serialises runs across nodes. */
    static final String RUN_LOCK = "LOCK:deadline-watch";
    private static final Logger log = LoggerFactory.getLogger(DeadlineWatch.class);

    private final WatchMapper watch;
    private final NotificationMapper notifications;
    private final Catalog catalog;
    private final WorkingCalendar calendar;
    private final Clock clock;
    private final Counters counters;
    /** Working days before the deadline, closest first. */
    private final List<Integer> thresholds;
    private final MailNotices mail;

    public DeadlineWatch(WatchMapper watch, NotificationMapper notifications, Catalog catalog, WorkingCalendar calendar, Clock clock,
                         Counters counters, @Value("${kuayu.sla.deadline-warning-working-days:2}") String thresholds, MailNotices mail) {
        this.watch = watch;
        this.notifications = notifications;
        this.catalog = catalog;
        this.calendar = calendar;
        this.clock = clock;
        this.counters = counters;
        this.thresholds = thresholds(thresholds);
        this.mail = mail;
    }

    /** Flags the cases due now; returns how many were flagged. */
    @Scheduled(initialDelayString = "${kuayu.sla.deadline-check-interval:15m}", fixedDelayString = "${kuayu.sla.deadline-check-interval:15m}")
    @Transactional
    public int run() {
        counters.next(RUN_LOCK);
        Instant now = clock.instant();
        int flagged = 0;
        // closest threshold first: a case it flags is then no longer found by the farther ones
        for (int days : thresholds) {
            for (NearingCase c : watch.nearingDeadline(calendar.dueAt(now, days), days, BATCH)) {
                String approverRole = catalog.caseType(c.caseType()).map(t -> t.approverRole()).orElse("approver");
                String group = Catalog.roleGroup(c.ownerAgency(), approverRole);
                String message = message(c, now);
                notifications.insertAnnouncement(new Notification(UUID.randomUUID().toString(), c.caseId(), group, KIND, message, now), null,
                        null, days);
                mail.toGroup(group, c.caseId(), (c.dueAt().isAfter(now) ? "處理期限將屆：案件 " : "已逾處理期限：案件 ") + c.caseNo(), message);
                flagged++;
            }
        }
        if (flagged > 0) {
            log.info("Deadline notices sent for {} case(s)", flagged);
        }
        return flagged;
    }

    /** "5,2,0" → [0, 2, 5]; negative values are ignored. */
    static List<Integer> thresholds(String list) {
        return Arrays.stream(list.split(",")).map(String::trim).filter(v -> !v.isEmpty()).map(Integer::valueOf).filter(d -> d >= 0)
                .distinct().sorted().toList();
    }

    private String message(NearingCase c, Instant now) {
        String type = catalog.caseType(c.caseType()).map(t -> t.name()).orElse(c.caseType());
        String due = c.dueAt().atZone(WorkingCalendar.TAIPEI).toLocalDate().toString();
        if (!c.dueAt().isAfter(now)) {
            return "案件 " + c.caseNo() + "（" + type + "）已逾處理期限（" + due + "），請督促儘速辦結。";
        }
        int left = calendar.between(now, c.dueAt());
        if (left == 0) {
            return "案件 " + c.caseNo() + "（" + type + "）今日（" + due + "）屆處理期限，請督促如期辦結。";
        }
        return "案件 " + c.caseNo() + "（" + type + "）距處理期限（" + due + "）僅剩 " + left + " 個工作天，請督促如期辦結。";
    }
}
