package tw.kuayu.sla;

import java.time.Clock;
import java.time.Instant;
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
 * Flags each open case whose statutory deadline is {@code kuayu.sla.deadline-warning-working-days}
 * (2) working days away or less to the owning agency's approver group with an in-app notice of
 * kind {@code deadline}, once per case (a case with such a notice is not flagged again). Cases with
 * the clock stopped (補正) wait until it runs again. The notice is also e-mailed to the members of
 * that group ({@link MailNotices}, when SMTP is configured).
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
    private final int warningDays;
    private final MailNotices mail;

    public DeadlineWatch(WatchMapper watch, NotificationMapper notifications, Catalog catalog, WorkingCalendar calendar, Clock clock,
                         Counters counters, @Value("${kuayu.sla.deadline-warning-working-days:2}") int warningDays, MailNotices mail) {
        this.watch = watch;
        this.notifications = notifications;
        this.catalog = catalog;
        this.calendar = calendar;
        this.clock = clock;
        this.counters = counters;
        this.warningDays = warningDays;
        this.mail = mail;
    }

    /** Flags the cases due now; returns how many were flagged. */
    @Scheduled(initialDelayString = "${kuayu.sla.deadline-check-interval:15m}", fixedDelayString = "${kuayu.sla.deadline-check-interval:15m}")
    @Transactional
    public int run() {
        counters.next(RUN_LOCK);
        Instant now = clock.instant();
        int flagged = 0;
        for (NearingCase c : watch.nearingDeadline(calendar.dueAt(now, warningDays), BATCH)) {
            String approverRole = catalog.caseType(c.caseType()).map(t -> t.approverRole()).orElse("approver");
            String group = Catalog.roleGroup(c.ownerAgency(), approverRole);
            String message = message(c, now);
            notifications.insert(new Notification(UUID.randomUUID().toString(), c.caseId(), group, KIND, message, now));
            mail.toGroup(group, c.caseId(), (c.dueAt().isAfter(now) ? "處理期限將屆：案件 " : "已逾處理期限：案件 ") + c.caseNo(), message);
            flagged++;
        }
        if (flagged > 0) {
            log.info("Deadline notices sent for {} case(s)", flagged);
        }
        return flagged;
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
