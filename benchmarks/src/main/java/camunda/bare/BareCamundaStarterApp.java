package camunda.bare;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/**
 * A Spring Boot application with Camunda's starters and their defaults, for the benchmark's bare
 * Camunda rows (Java API and REST API): none of Kuayu's beans or configuration, but auto-configuration
 * runs over the benchmark's classpath, which is engine-app's, so the actuator with its Prometheus
 * registry, MyBatis and the Camunda webapps are set up too, as in a project with those dependencies. Outside the tw.kuayu package on purpose: Kuayu's application scans
 * tw.kuayu.*, and this configuration (with its exclusions) must not end up in Kuayu's context.
 * Security auto-configuration is left out: Camunda's REST API answers without authentication by default.
 */
@SpringBootConfiguration
@EnableAutoConfiguration(excludeName = {"org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration",
        "org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.security.servlet.ManagementWebSecurityAutoConfiguration"})
public class BareCamundaStarterApp {
}
