package tw.kuayu.web;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.lang.Nullable;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Every error of Kuayu's API as an RFC 9457 problem ({@code application/problem+json}) with a
 * zh-TW {@code detail}. Internal errors never show their message or stack trace.
 */
@RestControllerAdvice(basePackages = "tw.kuayu")
public class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    private final long retryAfterSeconds;

    public ProblemHandler(@Value("${kuayu.api.retry-after}") Duration retryAfter) {
        this.retryAfterSeconds = Math.max(1, retryAfter.toSeconds());
    }

    public static ProblemDetail problem(HttpStatusCode status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        problem.setType(URI.create("https://kuayu.tw/problems/" + status.value()));
        return problem;
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> api(ApiException e) {
        ProblemDetail problem = problem(e.status(), e.title(), e.getMessage());
        if (!e.errors().isEmpty()) {
            problem.setProperty("errors", e.errors());
        }
        return respond(e.status(), problem);
    }

    /** Two requests changed the same engine entity at once (e.g. two claims of one task); this one was rolled back. */
    @ExceptionHandler(OptimisticLockingException.class)
    ResponseEntity<ProblemDetail> concurrentChange(OptimisticLockingException e) {
        return respond(HttpStatus.CONFLICT, problem(HttpStatus.CONFLICT, "狀態衝突", "此資料剛被他人同時處理，本次操作未生效；請重新整理後再試。"));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e) {
        return respond(HttpStatus.BAD_REQUEST, problem(HttpStatus.BAD_REQUEST, "參數有誤", "參數「" + e.getName() + "」的格式不正確。"));
    }

    @ExceptionHandler(RequestTooLargeException.class)
    ResponseEntity<ProblemDetail> tooLarge(RequestTooLargeException e) {
        return respond(HttpStatus.PAYLOAD_TOO_LARGE, problem(HttpStatus.PAYLOAD_TOO_LARGE, "資料過大", e.getMessage()));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
        if (databaseBusy(e)) {
            // the transaction was rolled back (or never began): nothing written, the same request may be sent again
            log.warn("Database busy on {} {}: {}; answered 503", request.getMethod(), request.getRequestURI(), e.getClass().getSimpleName());
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .header("Retry-After", Long.toString(retryAfterSeconds))
                    .body(databaseBusyProblem(retryAfterSeconds));
        }
        if (concurrentInsert(e)) {
            // e.g. two claims of one task both granting the assignee's task authorization: one committed, this one rolled back
            log.warn("Concurrent change on {} {}: {}; answered 409", request.getMethod(), request.getRequestURI(), e.getClass().getSimpleName());
            return concurrentChange(null);
        }
        log.error("Unexpected error on {} {}", request.getMethod(), request.getRequestURI(), e);
        return respond(HttpStatus.INTERNAL_SERVER_ERROR, problem(HttpStatus.INTERNAL_SERVER_ERROR, "系統錯誤",
                "系統發生未預期的錯誤，請稍後再試；若持續發生請聯絡系統管理者。"));
    }

    /** The answer to a request that found the database busy: nothing was written, send it again later. */
    public static ProblemDetail databaseBusyProblem(long retryAfterSeconds) {
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "系統忙碌", "系統目前忙碌，本次請求未處理、未寫入任何資料；請於 "
                + retryAfterSeconds + " 秒後重新送出。");
    }

    /**
     * A unique key violated by a row another transaction inserted at the same moment (SQL state 23505 on
     * PostgreSQL and H2, 23000 with error 1 on Oracle): the loser's transaction was rolled back whole.
     */
    static boolean concurrentInsert(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && ("23505".equals(sql.getSQLState())
                    || "23000".equals(sql.getSQLState()) && sql.getErrorCode() == 1)) {
                return true;
            }
        }
        return false;
    }

    /** No database connection within the pool's timeout, or a row lock not granted in time. */
    public static boolean databaseBusy(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CannotCreateTransactionException || t instanceof CannotGetJdbcConnectionException
                    || t instanceof PessimisticLockingFailureException || t instanceof SQLTransientConnectionException) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        if (ex.getCause() instanceof RequestTooLargeException tooLarge) {
            return asObject(tooLarge(tooLarge));
        }
        return asObject(respond(HttpStatus.BAD_REQUEST, problem(HttpStatus.BAD_REQUEST, "資料格式有誤",
                "請求內容不是有效的 JSON，或欄位型別不正確。")));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException ex, HttpHeaders headers,
                                                                     HttpStatusCode status, WebRequest request) {
        return asObject(respond(HttpStatus.UNSUPPORTED_MEDIA_TYPE, problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "內容類型不支援",
                "不支援的內容類型（Content-Type），支援：" + ex.getSupportedMediaTypes() + "。")));
    }

    @Override
    protected ResponseEntity<Object> handleHttpRequestMethodNotSupported(HttpRequestMethodNotSupportedException ex, HttpHeaders headers,
                                                                         HttpStatusCode status, WebRequest request) {
        return asObject(respond(HttpStatus.METHOD_NOT_ALLOWED, problem(HttpStatus.METHOD_NOT_ALLOWED, "方法不支援",
                "此路徑不支援 " + ex.getMethod() + " 方法。")));
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex, HttpHeaders headers,
                                                                          HttpStatusCode status, WebRequest request) {
        return asObject(respond(HttpStatus.BAD_REQUEST, problem(HttpStatus.BAD_REQUEST, "缺少參數",
                "缺少必要參數「" + ex.getParameterName() + "」。")));
    }

    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException ex, HttpHeaders headers,
                                                                    HttpStatusCode status, WebRequest request) {
        return asObject(respond(HttpStatus.NOT_FOUND, problem(HttpStatus.NOT_FOUND, "查無資料", "查無此路徑。")));
    }

    @Override
    protected ResponseEntity<Object> handleMaxUploadSizeExceededException(MaxUploadSizeExceededException ex, HttpHeaders headers,
                                                                          HttpStatusCode status, WebRequest request) {
        return asObject(respond(HttpStatus.PAYLOAD_TOO_LARGE, problem(HttpStatus.PAYLOAD_TOO_LARGE, "檔案過大", "上傳檔案超過大小上限。")));
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, @Nullable Object body, HttpHeaders headers,
                                                             HttpStatusCode statusCode, WebRequest request) {
        ProblemDetail problem = problem(statusCode, "請求有誤", "請求無法處理（HTTP " + statusCode.value() + "）。");
        return asObject(respond(statusCode, problem));
    }

    private static ResponseEntity<ProblemDetail> respond(HttpStatusCode status, ProblemDetail problem) {
        ResponseEntity.BodyBuilder response = ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (status.value() == HttpStatus.TOO_MANY_REQUESTS.value()) {
            response.header("Retry-After", "60");
        }
        return response.body(problem);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static ResponseEntity<Object> asObject(ResponseEntity<ProblemDetail> response) {
        return (ResponseEntity) response;
    }
}
