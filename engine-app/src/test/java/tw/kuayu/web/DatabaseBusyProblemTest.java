package tw.kuayu.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.transaction.CannotCreateTransactionException;

/** A request that found the database busy (pool exhausted, row lock not granted) gets 503 + Retry-After, not 500. */
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
    void anyOtherFailureStaysAnInternalError() {
        ResponseEntity<ProblemDetail> answer = handler.unexpected(new IllegalStateException("bug"), request);
        assertThat(answer.getStatusCode().value()).isEqualTo(500);
        assertThat(answer.getHeaders().getFirst("Retry-After")).isNull();
    }
}
