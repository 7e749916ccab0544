package tw.kuayu.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.mock.env.MockEnvironment;
import tw.kuayu.KuayuApplication;

class DemoPasswordGuardTest {

    @Test
    void refusesADemoPasswordOutsideTheDemoProfile() {
        MockEnvironment env = new MockEnvironment().withProperty("kuayu.demo.password", "demo");
        assertThatThrownBy(() -> new DemoPasswordGuard(env).afterPropertiesSet())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'demo' profile is not active");
    }

    @Test
    void refusesTheCamundaAdminDemoPasswordOutsideTheDemoProfile() {
        MockEnvironment env = new MockEnvironment().withProperty("camunda.bpm.admin-user.password", "demo");
        assertThatThrownBy(() -> new DemoPasswordGuard(env).afterPropertiesSet()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void acceptsTheDemoPasswordInTheDemoProfile() {
        MockEnvironment env = new MockEnvironment().withProperty("kuayu.demo.password", "demo");
        env.setActiveProfiles("demo");
        assertThatCode(() -> new DemoPasswordGuard(env).afterPropertiesSet()).doesNotThrowAnyException();
    }

    @Test
    void theApplicationDoesNotStartWithADemoPasswordOutsideDemo() {
        SpringApplication app = new SpringApplication(KuayuApplication.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> app.run(
                "--kuayu.demo.password=demo", "--spring.datasource.url=jdbc:h2:mem:guard", "--kuayu.data-dir=target/guard-data",
                "--camunda.bpm.job-execution.enabled=false",
                // keys present, so the demo password is what stops the start
                "--kuayu.personal-data.keys.t1=" + randomKey(), "--kuayu.personal-data.search-key=" + randomKey()));
        assertThat(failure).isNotNull();
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        assertThat(root).hasMessageContaining("'demo' profile is not active");
    }

    static String randomKey() {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        return java.util.Base64.getEncoder().encodeToString(key);
    }
}
