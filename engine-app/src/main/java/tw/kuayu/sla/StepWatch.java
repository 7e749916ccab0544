package tw.kuayu.sla;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.model.bpmn.instance.BoundaryEvent;
import org.camunda.bpm.model.bpmn.instance.TimerEventDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tw.kuayu.calendar.WorkingCalendar;
import tw.kuayu.casetype.Catalog;
import tw.kuayu.casetype.CatalogProperties.CaseType;
import tw.kuayu.cases.Counters;
import tw.kuayu.notifications.MailNotices;
import tw.kuayu.notifications.NotificationMapper;
import tw.kuayu.notifications.NotificationMapper.Notification;
import tw.kuayu.sla.StepMapper.DueTask;
import tw.kuayu.sla.StepMapper.TimedStep;

/**
 * Reminders and late notices for every step with a due date (decision 025), the way {@link DeadlineWatch} flags cases:
 * a step due within {@code kuayu.sla.step-warning-working-days} (1) working days gets a {@code step-reminder} to its
 * holder (the assignee, or the candidate group while nobody has claimed it); a step past its due date gets a
 * {@code step-late} notice to the supervisors of the agency doing it ({@code <agency>.<approver-role>}). A reminder once
 * per task (the notice carries the task id); a late notice again every {@code kuayu.sla.step-late-repeat-working-days}
 * (1; 0 = once) working days while the step stays late, at most {@code kuayu.sla.step-late-max-announcements} (5) times
 * (the notice carries when it may be repeated). Each announcement is one in-app notice and one e-mail per supervisor,
 * queued in the same transaction ({@link MailNotices}). Steps whose model attaches
 * a timer to them (joint review's reminder and escalation) are left to those timers, so nobody is reminded twice.
 * Cases with the clock stopped (補正) wait, as in the deadline watch.
 *
 * <p>Safe on every node of a cluster: a run holds a counter-row lock until it commits, so a second node's run waits and
 * then finds the notices already there.
 */
@Component
public class StepWatch {

    static final String REMINDER = "step-reminder";
    static final String LATE = "step-late";
    static final int BATCH = 500;
    static final String RUN_LOCK = "LOCK:step-watch";
    private static final Logger log = LoggerFactory.getLogger(StepWatch.class);

    private final StepMapper steps;
    private final NotificationMapper notifications;
    private final Catalog catalog;
    private final WorkingCalendar calendar;
    private final Clock clock;
    private final Counters counters;
    private final RepositoryService repository;
    private final MailNotices mail;
    private final int warningDays;
    private final int lateRepeatDays;
    private final int lateMaxAnnouncements;
    /** Timed steps per process definition; a deployed definition never changes. */
    private final Map<String, Set<String>> timedSteps = new ConcurrentHashMap<>();

    public StepWatch(StepMapper steps, NotificationMapper notifications, Catalog catalog, WorkingCalendar calendar, Clock clock,
                     Counters counters, RepositoryService repository, MailNotices mail,
                     @Value("${kuayu.sla.step-warning-working-days:1}") int warningDays,
                     @Value("${kuayu.sla.step-late-repeat-working-days:1}") int lateRepeatDays,
                     @Value("${kuayu.sla.step-late-max-announcements:5}") int lateMaxAnnouncements) {
        this.steps = steps;
        this.notifications = notifications;
        this.catalog = catalog;
        this.calendar = calendar;
        this.clock = clock;
        this.counters = counters;
        this.repository = repository;
        this.mail = mail;
        this.warningDays = warningDays;
        this.lateRepeatDays = Math.max(0, lateRepeatDays);
        this.lateMaxAnnouncements = Math.max(1, lateMaxAnnouncements);
    }

    /** Sends the reminders and late notices due now; returns how many notices were written. */
    @Scheduled(initialDelayString = "${kuayu.sla.step-check-interval:15m}", fixedDelayString = "${kuayu.sla.step-check-interval:15m}")
    @Transactional
    public int run() {
        counters.next(RUN_LOCK);
        Instant now = clock.instant();
        List<TimedStep> timed = timed();
        int sent = 0;
        for (DueTask t : steps.due(null, now, now, LATE, timed, BATCH)) {
            late(t, now);
            sent++;
        }
        for (DueTask t : steps.due(now, calendar.dueAt(now, warningDays), now, REMINDER, timed, BATCH)) {
            remind(t, now);
            sent++;
        }
        if (sent > 0) {
            log.info("Step reminders and late notices sent: {}", sent);
        }
        return sent;
    }

    private void remind(DueTask t, Instant now) {
        String group = t.candidateGroup() != null ? t.candidateGroup() : t.agency();
        String message = "案件 " + t.caseNo() + "（" + typeName(t) + "）之「" + stepName(t) + "」" + whenDue(t, now) + "，請如期辦理。";
        notifications.insertForTask(new Notification(UUID.randomUUID().toString(), t.caseId(), group, REMINDER, message, now), t.taskId());
        String subject = "步驟將屆期限：案件 " + t.caseNo() + "「" + stepName(t) + "」";
        if (t.assignee() != null) {
            mail.toUsers(List.of(t.assignee()), t.caseId(), subject, message);
        } else {
            mail.toGroup(group, t.caseId(), subject, message);
        }
    }

    private void late(DueTask t, Instant now) {
        String role = catalog.caseType(t.caseType()).map(CaseType::approverRole).orElse("approver");
        String agency = t.agency() != null ? t.agency() : Catalog.agencyOfGroup(t.candidateGroup());
        String group = Catalog.roleGroup(agency, role);
        int round = t.announced() + 1;
        String message = "案件 " + t.caseNo() + "（" + typeName(t) + "）之「" + stepName(t) + "」已逾期限（" + date(t.dueAt())
                + "）" + (round > 1 ? "，逾期 " + calendar.between(t.dueAt(), now) + " 個工作天" : "") + "尚未辦結，請督促辦理。"
                + (round > 1 ? "（第 " + round + " 次通知）" : "");
        Instant repeatAt = lateRepeatDays > 0 && round < lateMaxAnnouncements ? nextAnnouncement(now) : null;
        notifications.insertAnnouncement(new Notification(UUID.randomUUID().toString(), t.caseId(), group, LATE, message, now), t.taskId(),
                repeatAt, null);
        mail.toGroup(group, t.caseId(), (round > 1 ? "步驟仍逾期：案件 " : "步驟逾期：案件 ") + t.caseNo() + "「" + stepName(t) + "」", message);
    }

    /** The same time of day {@code step-late-repeat-working-days} working days later (a late step is re-announced then). */
    private Instant nextAnnouncement(Instant now) {
        LocalDate day = calendar.dueAt(now, lateRepeatDays).atZone(WorkingCalendar.TAIPEI).toLocalDate();
        return day.atTime(now.atZone(WorkingCalendar.TAIPEI).toLocalTime()).atZone(WorkingCalendar.TAIPEI).toInstant();
    }

    private String whenDue(DueTask t, Instant now) {
        int left = calendar.between(now, t.dueAt());
        return left == 0 ? "今日（" + date(t.dueAt()) + "）到期" : "將於 " + date(t.dueAt()) + " 到期（剩 " + left + " 個工作天）";
    }

    private String typeName(DueTask t) {
        return catalog.caseType(t.caseType()).map(CaseType::name).orElse(t.caseType());
    }

    private static String stepName(DueTask t) {
        return t.name() != null ? t.name() : t.step();
    }

    private static String date(Instant at) {
        return at.atZone(WorkingCalendar.TAIPEI).toLocalDate().toString();
    }

    private List<TimedStep> timed() {
        List<TimedStep> timed = new ArrayList<>();
        for (String definition : steps.definitionsWithDueTasks()) {
            timedSteps.computeIfAbsent(definition, this::timedStepsOf).forEach(step -> timed.add(new TimedStep(definition, step)));
        }
        return timed;
    }

    /** The user tasks of a model that carry a timer boundary event. */
    private Set<String> timedStepsOf(String processDefinitionId) {
        // asked first: a failed engine lookup would mark the watch's transaction rollback-only
        if (repository.createProcessDefinitionQuery().processDefinitionId(processDefinitionId).count() == 0) {
            return Set.of(); // no deployed model (rows written without a process): nothing timed
        }
        return repository.getBpmnModelInstance(processDefinitionId).getModelElementsByType(BoundaryEvent.class).stream()
                .filter(b -> b.getAttachedTo() != null && b.getEventDefinitions().stream().anyMatch(TimerEventDefinition.class::isInstance))
                .map(b -> b.getAttachedTo().getId())
                .collect(Collectors.toUnmodifiableSet());
    }
}
