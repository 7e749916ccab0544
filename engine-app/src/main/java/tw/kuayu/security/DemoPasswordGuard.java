package tw.kuayu.security;

import java.util.Arrays;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Refuses to start when a demo password is configured outside the {@code demo} profile, so a
 * production system can never come up with the published demo accounts.
 */
@Component
public class DemoPasswordGuard implements InitializingBean {

    static final String DEMO_PASSWORD = "kuayu.demo.password";

    private final Environment environment;

    public DemoPasswordGuard(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void afterPropertiesSet() {
        boolean demo = Arrays.asList(environment.getActiveProfiles()).contains("demo");
        boolean demoPassword = environment.containsProperty(DEMO_PASSWORD)
                || "demo".equals(environment.getProperty("camunda.bpm.admin-user.password"));
        if (demoPassword && !demo) {
            throw new IllegalStateException("A demo password is configured (" + DEMO_PASSWORD
                    + " or camunda.bpm.admin-user.password=demo) but the 'demo' profile is not active. "
                    + "Remove the demo password, or start with --spring.profiles.active=demo for a demonstration system.");
        }
    }
}
