package tw.kuayu.status;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tw.kuayu.web.ApiException;

/**
 * {@code POST /api/public/case-status} (no login): the applicant's view of their case. The
 * national ID travels in the body, never in a URL, so it stays out of access logs.
 */
@RestController
public class StatusController {

    private final ApplicantStatus status;
    private final LookupThrottle throttle;

    public StatusController(ApplicantStatus status, LookupThrottle throttle) {
        this.status = status;
        this.throttle = throttle;
    }

    @PostMapping("/api/public/case-status")
    public ApplicantStatus.Status find(@RequestBody(required = false) ApplicantStatus.Query query, HttpServletRequest request) {
        String client = request.getRemoteAddr();
        throttle.check(client);
        try {
            return status.find(query);
        } catch (ApiException e) {
            throttle.failed(client);
            throw e;
        }
    }
}
