package tw.kuayu.benchmarks;

import camunda.bare.BareCamundaStarterApp;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Bare Camunda 7.24 as a hand-rolled project would run it: the Spring Boot starter with its REST API
 * and default settings (full history, job executor, Spring's transactions, UUIDs, engine events
 * published to the application, no authentication on /engine-rest, as Camunda ships it), none of
 * Kuayu's configuration, and the process of {@link BareCamunda} deployed. The baseline drives it
 * through the Java API ({@link #engine()}); {@link #runCaseOverRest} makes the same calls over HTTP.
 */
final class BareCamundaStarter implements AutoCloseable {

    private final ConfigurableApplicationContext context;
    private final Http http;

    BareCamundaStarter(String jdbcUrl, String user, String password) {
        context = new SpringApplicationBuilder(BareCamundaStarterApp.class).run(
                "--spring.config.name=bare-camunda-starter", // not engine-app's application.yaml: the starter's defaults
                "--spring.datasource.url=" + jdbcUrl, "--spring.datasource.username=" + user,
                "--spring.datasource.password=" + password, "--server.port=0", "--spring.main.banner-mode=off",
                "--logging.level.root=warn", "--spring.liquibase.enabled=false", "--camunda.bpm.auto-deployment-enabled=false",
                "--camunda.bpm.generic-properties.properties.historyTimeToLive=P30D");
        context.getBean(RepositoryService.class).createDeployment().addModelInstance("bare-case.bpmn", BareCamunda.model()).deploy();
        http = new Http(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
    }

    ProcessEngine engine() {
        return context.getBean(ProcessEngine.class);
    }

    /** One case over the REST API: start, complete intake, the three reviews and the approval; the service task runs on the last. */
    String runCaseOverRest(int n) {
        Http.Answer started = http.post("/engine-rest/process-definition/key/" + BareCamunda.KEY + "/start", null,
                Map.of("businessKey", "BARE-" + n));
        expect(started, 200, "start");
        String instance = started.json().path("id").asText();
        complete(instance, 1);
        complete(instance, 3);
        complete(instance, 1);
        Http.Answer ended = http.get("/engine-rest/history/process-instance/count?finished=true&processInstanceId=" + instance, null);
        if (ended.json().path("count").asInt() != 1) {
            throw new IllegalStateException("bare REST case did not end: " + ended.body());
        }
        return null;
    }

    private void complete(String instance, int expected) {
        Http.Answer open = http.get("/engine-rest/task?processInstanceId=" + instance, null);
        expect(open, 200, "task list");
        JsonNode tasks = open.json();
        if (tasks.size() != expected) {
            throw new IllegalStateException("expected " + expected + " open tasks, found " + tasks.size());
        }
        for (JsonNode task : tasks) {
            expect(http.post("/engine-rest/task/" + task.path("id").asText() + "/complete", null, Map.of()), 204, "complete");
        }
    }

    private static void expect(Http.Answer answer, int status, String what) {
        if (answer.status() != status) {
            throw new IllegalStateException(what + ": " + answer.status() + " " + answer.body());
        }
    }

    @Override
    public void close() {
        context.close();
    }
}
