package tw.kuayu.studio;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;
import tw.kuayu.web.ProblemHandler;

/**
 * Refuses a model upload whose declared length is over the multipart limit
 * ({@code spring.servlet.multipart.max-request-size}) with a 413 problem, before the body is read. Runs
 * after the security chain, so only process owners learn about the limit.
 */
@Component
class UploadSizeLimitFilter extends OncePerRequestFilter {

    private final DataSize limit;
    private final ObjectMapper json;

    UploadSizeLimitFilter(@Value("${spring.servlet.multipart.max-request-size:10MB}") DataSize limit, ObjectMapper json) {
        this.limit = limit;
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || !(request.getRequestURI().equals("/api/processes") || request.getRequestURI().equals("/api/forms"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > limit.toBytes()) {
            response.setStatus(HttpStatus.PAYLOAD_TOO_LARGE.value());
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding("UTF-8");
            json.writeValue(response.getOutputStream(), ProblemHandler.problem(HttpStatus.PAYLOAD_TOO_LARGE, "檔案過大",
                    "上傳的流程模型超過大小上限（" + limit.toKilobytes() + " KB）。"));
            return;
        }
        chain.doFilter(request, response);
    }
}
