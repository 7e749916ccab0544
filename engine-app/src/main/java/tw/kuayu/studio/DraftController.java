package tw.kuayu.studio;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tw.kuayu.security.CurrentUsers;
import tw.kuayu.studio.Drafts.DraftView;
import tw.kuayu.studio.ProcessDeployer.Deployed;
import tw.kuayu.studio.ProcessVersionController.ReasonBody;
import tw.kuayu.web.RequestTooLargeException;

/**
 * {@code /api/processes/{key}/draft} (process owners): save a draft (the BPMN XML as the request body), read
 * it back, delete it, or deploy it.
 */
@RestController
@RequestMapping("/api/processes/{key}/draft")
class DraftController {

    private final Drafts drafts;
    private final CurrentUsers users;
    private final long limit;

    DraftController(Drafts drafts, CurrentUsers users, @Value("${spring.servlet.multipart.max-request-size:10MB}") DataSize limit) {
        this.drafts = drafts;
        this.users = users;
        this.limit = limit.toBytes();
    }

    @PutMapping(consumes = {MediaType.APPLICATION_XML_VALUE, MediaType.TEXT_XML_VALUE})
    DraftView save(@PathVariable String key, HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > limit) {
            throw new RequestTooLargeException(limit);
        }
        byte[] xml = request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
        if (xml.length > limit) {
            throw new RequestTooLargeException(limit);
        }
        return drafts.save(key, xml, users.current());
    }

    @GetMapping
    DraftView get(@PathVariable String key) {
        return drafts.get(key);
    }

    @DeleteMapping
    ResponseEntity<Void> delete(@PathVariable String key) {
        drafts.delete(key);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/deploy")
    ResponseEntity<Deployed> deploy(@PathVariable String key, @RequestBody ReasonBody body) {
        Deployed deployed = drafts.deploy(key, body.reason(), users.current());
        return ResponseEntity.status(deployed.created() ? HttpStatus.CREATED : HttpStatus.OK).body(deployed);
    }
}
