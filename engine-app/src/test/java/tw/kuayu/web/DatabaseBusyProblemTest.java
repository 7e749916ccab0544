package tw.kuayu.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import org.camunda.bpm.engine.ProcessEnginePersistenceException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * A request that found the database busy (pool exhausted, row lock not granted) gets 503 + Retry-After, not 500;
 * one that lost a race for a unique key to a concurrent transaction gets 409.
 */
class DatabaseBusyProblemTest {

    final ProblemHandler handler = new ProblemHandler(Duration.ofSeconds(7));
    final MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/cases");

    @Test
    void noConnectionFromThePoolIsBackPressure() {
        ResponseEntity<ProblemDetail> answer = handler.unexpected(new CannotCreateTransactionException("Could not open JDBC Connection",
                new SQLTransientConnectionException("HikariPool-1 - Connection is not available, request timed out after 30000ms")), request);
        assertThat(answer.getStatusCode().value()).isEqualTo(503);
        assertThat(answer.getHeaders().getFirst("Retry-After")).isEqualTo("7");
        assertThat(answer.getBody().getTitle()).isEqualTo("系統忙碌");
        assertThat(answer.getBody().getDetail()).contains("未寫入任何資料").contains("7 秒後");
    }

    @Test
    void aRowLockNotGrantedInTimeIsBackPressure() {
        ResponseEntity<ProblemDetail> answer = handler.unexpected(
                new RuntimeException(new CannotAcquireLockException("Timeout trying to lock table \"KUAYU_COUNTER\"")), request);
        assertThat(answer.getStatusCode().value()).isEqualTo(503);
        assertThat(answer.getHeaders().getFirst("Retry-After")).isEqualTo("7");
    }

    @Test
    void aUniqueKeyTakenByAConcurrentTransactionIsAConflict() {
        // as the load run saw it: two claims of one task, both granting the assignee's authorization
        SQLException duplicate = new SQLException("ERROR: duplicate key value violates unique constraint \"act_uniq_auth_user\"", "23505");
        ResponseEntity<ProblemDetail> answer = handler.unexpected(new ProcessEnginePersistenceException("flush failed",
                new RuntimeException(new BatchUpdateException("Batch entry 0 insert into ACT_RU_AUTHORIZATION", "23505", 0, new int[0], duplicate))),
                request);
        assertThat(answer.getStatusCode().value()).isEqualTo(409);
        assertThat(answer.getBody().getTitle()).isEqualTo("狀態衝突");
        SQLException oracle = new SQLException("ORA-00001: unique constraint violated", "23000", 1);
        assertThat(handler.unexpected(new RuntimeException(oracle), request).getStatusCode().value()).isEqualTo(409);
        SQLException notNull = new SQLException("NULL not allowed for column", "23502");
        assertThat(handler.unexpected(new RuntimeException(notNull), request).getStatusCode().value()).isEqualTo(500);
    }

    @Test
    void anyOtherFailureStaysAnInternalError() {
        ResponseEntity<ProblemDetail> answer = handler.unexpected(new IllegalStateException("bug"), request);
        assertThat(answer.getStatusCode().value()).isEqualTo(500);
        assertThat(answer.getHeaders().getFirst("Retry-After")).isNull();
    }
}
