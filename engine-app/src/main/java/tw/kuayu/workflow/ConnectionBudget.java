package tw.kuayu.workflow;

import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.camunda.bpm.spring.boot.starter.property.CamundaBpmProperties;
import org.springframework.stereotype.Component;

/**
 * Refuses to start when the job executor may run as many jobs at once as the database pool has
 * connections. An evidence, notification or matching job holds its own connection and, to keep the
 * data-access log even when the job rolls back, opens a second one for the log entry (REQUIRES_NEW).
 * With every connection held by such a job, each waits for a second one until the pool's timeout
 * (30 s) and then fails: under load the whole node stalls. One connection more than the job threads
 * always lets one of them finish. The capacity benchmark ran into exactly this with Hikari's default
 * of 10 connections and Camunda's default of 10 job threads (decision 035).
 */
@Component
class ConnectionBudget {

    ConnectionBudget(CamundaBpmProperties camunda, DataSource dataSource) {
        if (camunda.getJobExecution().isEnabled() && dataSource instanceof HikariDataSource pool) {
            check(camunda.getJobExecution().getMaxPoolSize(), pool.getMaximumPoolSize());
        }
    }

    static void check(int jobThreads, int connections) {
        if (jobThreads >= connections) {
            throw new IllegalStateException("spring.datasource.hikari.maximum-pool-size (" + connections
                    + ") must be larger than camunda.bpm.job-execution.max-pool-size (" + jobThreads + "): a job can hold two"
                    + " connections at once (its own and the data-access log's), so with no spare connection the jobs wait on"
                    + " each other until the pool times out. Raise the pool or lower the job threads (docs/operations.md, Sizing).");
        }
    }
}
