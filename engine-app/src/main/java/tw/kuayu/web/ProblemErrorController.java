package tw.kuayu.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors raised before any Kuayu controller is chosen (a URL the firewall rejects, a content type or
 * method no mapping accepts, an unknown path) reach the servlet container's error page, {@code /error}.
 * They are answered like every other API error: a problem with a zh-TW detail, never a stack trace.
 */
@RestController
public class ProblemErrorController implements ErrorController {

    @RequestMapping(path = "/error", produces = {MediaType.APPLICATION_PROBLEM_JSON_VALUE, MediaType.APPLICATION_JSON_VALUE, "*/*"})
    public ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer c && HttpStatus.resolve(c) != null ? HttpStatus.valueOf(c) : HttpStatus.INTERNAL_SERVER_ERROR;
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(ProblemHandler.problem(status, title(status), detail(status)));
    }

    static String title(HttpStatus status) {
        return status.is5xxServerError() ? "系統錯誤" : "請求有誤";
    }

    static String detail(HttpStatus status) {
        return switch (status) {
            case BAD_REQUEST -> "請求格式不正確（例如網址含有不允許的字元或路徑），請檢查後再試。";
            case NOT_FOUND -> "查無此路徑。";
            case METHOD_NOT_ALLOWED -> "此路徑不支援此 HTTP 方法。";
            case UNSUPPORTED_MEDIA_TYPE -> "不支援的內容類型（Content-Type）。";
            case PAYLOAD_TOO_LARGE -> "請求內容超過大小上限。";
            case UNAUTHORIZED -> "請以機關帳號登入。";
            case FORBIDDEN -> "您的帳號沒有執行此操作的權限。";
            default -> status.is5xxServerError() ? "系統發生未預期的錯誤，請稍後再試；若持續發生請聯絡系統管理者。"
                    : "請求無法處理（HTTP " + status.value() + "）。";
        };
    }
}
