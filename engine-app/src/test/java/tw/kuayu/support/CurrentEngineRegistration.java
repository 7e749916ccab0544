package tw.kuayu.support;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngines;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.support.AbstractTestExecutionListener;

/**
 * Camunda's REST API and webapps find "the" engine in a JVM-wide registry, where the last
 * application context started wins. Test classes run against several cached contexts (H2,
 * PostgreSQL, special properties), so before each test the engine of that test's own context is
 * registered again; otherwise /engine-rest and the Tasklist would answer from another context's database.
 * Registered for every test in META-INF/spring.factories.
 */
public class CurrentEngineRegistration extends AbstractTestExecutionListener {

    @Override
    public void beforeTestMethod(TestContext testContext) {
        if (!testContext.hasApplicationContext()) {
            return;
        }
        testContext.getApplicationContext().getBeanProvider(ProcessEngine.class).ifAvailable(ProcessEngines::registerProcessEngine);
    }

    @Override
    public int getOrder() {
        return LOWEST_PRECEDENCE;
    }
}
