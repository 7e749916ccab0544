package tw.kuayu.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.camunda.bpm.spring.boot.starter.property.CamundaBpmProperties;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import tw.kuayu.KuayuApplication;

/**
 * The shipped pool leaves a connection beyond the job threads, and a configuration that does not
 * (as many job threads as connections: every job could wait for its audit connection for ever)
 * stops the start with a message naming both properties.
 */
@SpringBootTest
@ActiveProfiles({"demo", "test"})
class ConnectionBudgetTest {

    @Autowired
    CamundaBpmProperties camunda;
    @Autowired
    DataSource dataSource;

    @Test
    void theShippedConfigurationLeavesAConnectionBeyondTheJobThreads() {
        assertThat(dataSource).isInstanceOf(HikariDataSource.class);
        assertThat(((HikariDataSource) dataSource).getMaximumPoolSize()).isEqualTo(20)
                .isGreaterThan(camunda.getJobExecution().getMaxPoolSize());
    }

    @Test
    void asManyJobThreadsAsConnectionsStopsTheStart() {
        SpringApplicationBuilder app = new SpringApplicationBuilder(KuayuApplication.class).profiles("demo", "test");
        // as arguments, as an operator would set them: they win over application.yaml
        assertThatThrownBy(() -> app.run("--spring.datasource.hikari.maximum-pool-size=10", "--camunda.bpm.job-execution.max-pool-size=10",
                "--server.port=0", "--kuayu.standin.port=0", "--spring.datasource.url=jdbc:h2:mem:budget;DB_CLOSE_DELAY=-1"))
                .rootCause().isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("spring.datasource.hikari.maximum-pool-size (10)")
                .hasMessageContaining("camunda.bpm.job-execution.max-pool-size (10)");
    }

    @Test
    void oneSpareConnectionIsEnough() {
        ConnectionBudget.check(9, 10);
        assertThatThrownBy(() -> ConnectionBudget.check(10, 10)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ConnectionBudget.check(12, 10)).isInstanceOf(IllegalStateException.class);
    }
}
