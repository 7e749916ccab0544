package tw.kuayu.web;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;

/**
 * Tomcat's own error report, for requests refused before they reach the application (a NUL or an
 * encoded slash in the URL, a request line over the header limit): a zh-TW problem instead of
 * Tomcat's HTML page with its version number. Installed by {@link ContainerErrors}.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int code = response.getStatus();
        if (code < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        HttpStatus status = HttpStatus.resolve(code) != null ? HttpStatus.valueOf(code) : HttpStatus.BAD_REQUEST;
        String body = "{\"type\":\"https://kuayu.tw/problems/" + code + "\",\"title\":\"" + ProblemErrorController.title(status)
                + "\",\"status\":" + code + ",\"detail\":\"" + ProblemErrorController.detail(status) + "\"}";
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(body);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone; nothing more to say
        }
    }
}
