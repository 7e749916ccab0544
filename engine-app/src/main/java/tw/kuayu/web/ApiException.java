package tw.kuayu.web;

import java.util.List;
import org.springframework.http.HttpStatus;

/** An error the API answers as an RFC 9457 problem with a zh-TW detail a caseworker can act on. */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String title;
    private final List<String> errors;

    public ApiException(HttpStatus status, String title, String detail, List<String> errors) {
        super(detail);
        this.status = status;
        this.title = title;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public ApiException(HttpStatus status, String title, String detail) {
        this(status, title, detail, List.of());
    }

    public static ApiException badRequest(String detail, List<String> errors) {
        return new ApiException(HttpStatus.BAD_REQUEST, "申請資料有誤", detail, errors);
    }

    public static ApiException notFound(String detail) {
        return new ApiException(HttpStatus.NOT_FOUND, "查無資料", detail);
    }

    public static ApiException forbidden(String detail) {
        return new ApiException(HttpStatus.FORBIDDEN, "無權限", detail);
    }

    public static ApiException conflict(String detail) {
        return new ApiException(HttpStatus.CONFLICT, "狀態衝突", detail);
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    public List<String> errors() {
        return errors;
    }
}
