package tw.kuayu.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import tw.kuayu.calendar.WorkingCalendar;
import tw.kuayu.cases.CaseDriver;
import tw.kuayu.cases.CaseMapper;
import tw.kuayu.notifications.NotificationMapper;
import tw.kuayu.notifications.NotificationMapper.Notification;
import tw.kuayu.tasks.TaskMapper;
import tw.kuayu.tasks.TaskMapper.TaskRow;

/** The deadline notices, the Prometheus metrics and task due dates, in the running application. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
@AutoConfigureObservability(tracing = false) // Spring Boot tests leave metrics export (and /actuator/prometheus) off otherwise
class SlaJobsTest {

    @LocalServerPort
    int port;
    @Autowired
    CaseMapper cases;
    @Autowired
    TaskMapper tasks;
    @Autowired
    NotificationMapper notifications;
    @Autowired
    DeadlineWatch watch;
    @Autowired
    CaseGauges gauges;
    @Autowired
    WorkingCalendar calendar;
    @Autowired
    Clock clock;
    @Autowired
    RepositoryService repository;
    @Autowired
    RuntimeService runtime;

    @Test
    void aCaseTwoWorkingDaysFromItsDeadlineIsFlaggedToTheOwnersApproversOnce() {
        SlaSeed seed = new SlaSeed(cases, tasks);
        Instant now = clock.instant();
        String soon = open(seed, "N", calendar.dueAt(now, 2));
        String later = open(seed, "L", calendar.dueAt(now, 3));
        String stopped = open(seed, "S", calendar.dueAt(now, 1));
        cases.stopClock(stopped, now);
        String closed = seed.insert("C", SlaSeed.HOUSING, "tpe-udd", "2026-01-05T09:00", "2026-01-06T23:59:59", "approved", "2026-01-06T10:00");

        assertThat(watch.run()).isGreaterThanOrEqualTo(1);
        List<Notification> notices = notifications.ofCase(soon);
        assertThat(notices).hasSize(1);
        assertThat(notices.get(0).kind()).isEqualTo("deadline");
        assertThat(notices.get(0).recipientGroup()).isEqualTo("tpe-udd.approver");
        assertThat(notices.get(0).message()).contains("114-" + seed.prefix + "-N").contains("僅剩 2 個工作天")
                .doesNotContain("王小明").doesNotContain("A123456789");
        for (String quiet : List.of(later, stopped, closed)) {
            assertThat(notifications.ofCase(quiet)).isEmpty();
        }

        watch.run();
        assertThat(notifications.ofCase(soon)).as("once per case").hasSize(1);
        assertThat(new CaseDriver(port).api.get("/api/notifications", "udd.chief").text()).contains("114-" + seed.prefix + "-N");
    }

    private String open(SlaSeed seed, String letter, Instant due) {
        return seed.insert(letter, SlaSeed.HOUSING, "tpe-udd", clock.instant(), due, "in-progress", null);
    }

    @Test
    void aFiledCasesTaskGetsItsStepTargetAndTheMetricsAppearOnPrometheus() {
        CaseDriver driver = new CaseDriver(port);
        String id = driver.file("tax.clerk", SlaSeed.TAX, "A123456789", "王小明", Map.of("parcelNo", "大安區龍泉段二小段0123-0000"));
        driver.waitForTask(id, "review", "tax.clerk");
        TaskRow review = tasks.ofCase(id).stream().filter(t -> t.step().equals("review")).findFirst().orElseThrow();
        assertThat(review.dueAt()).as("step-targets.review: 7 working days").isEqualTo(calendar.dueAt(review.createdAt(), 7));

        driver.act(id, "review", "tax.clerk", "approve", "符合自用住宅用地要件。");
        driver.waitForTask(id, "approve", "tax.chief");
        gauges.refresh();
        String scrape = await().atMost(Duration.ofSeconds(10)).until(() -> driver.api.get("/actuator/prometheus", "manager").text(),
                text -> text.contains("kuayu_task_duration_seconds_count{agency=\"tpe-tax\""));
        assertThat(scrape).contains("kuayu_cases_open{agency=\"tpe-tax\"}").contains("kuayu_cases_overdue{agency=\"tpe-udd\"}")
                .contains("step=\"review\"");
        assertThat(driver.api.get("/actuator/prometheus", "tax.clerk").status()).isEqualTo(403);
    }

    @Test
    void aStepWithoutACaseTypeTargetTakesTheModelsProperty() {
        String bpmn = """
                <?xml version="1.0" encoding="UTF-8"?>
                <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
                    id="d" targetNamespace="http://kuayu.tw/test">
                  <bpmn:process id="sla-target-test" isExecutable="true" camunda:historyTimeToLive="1">
                    <bpmn:startEvent id="start" />
                    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="check" />
                    <bpmn:userTask id="check" name="檢查" camunda:candidateGroups="tpe-tax">
                      <bpmn:extensionElements>
                        <camunda:properties><camunda:property name="kuayu.targetWorkingDays" value="4" /></camunda:properties>
                      </bpmn:extensionElements>
                    </bpmn:userTask>
                  </bpmn:process>
                </bpmn:definitions>
                """;
        repository.createDeployment().addString("sla-target-test.bpmn", bpmn).deploy();
        String caseId = new SlaSeed(cases, tasks).insert("M", SlaSeed.TAX, "tpe-tax", "2026-01-05T09:00", "2026-01-20T23:59:59",
                "in-progress", null);
        var instance = runtime.startProcessInstanceByKey("sla-target-test", UUID.randomUUID().toString(), Map.of("caseId", caseId));
        TaskRow check = tasks.ofCase(caseId).get(0);
        assertThat(check.dueAt()).isEqualTo(calendar.dueAt(check.createdAt(), 4));
        runtime.deleteProcessInstance(instance.getId(), "test done");
    }
}
