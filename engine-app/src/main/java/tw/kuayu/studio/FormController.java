package tw.kuayu.studio;

import java.io.IOException;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import tw.kuayu.security.CurrentUsers;
import tw.kuayu.studio.FormDeployer.DeployedForm;
import tw.kuayu.web.ApiException;

/** {@code POST /api/forms} (process owners): check a Camunda Form (.form JSON) and deploy it. */
@RestController
class FormController {

    private final FormDeployer deployer;
    private final CurrentUsers users;

    FormController(FormDeployer deployer, CurrentUsers users) {
        this.deployer = deployer;
        this.users = users;
    }

    @PostMapping(path = "/api/forms", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<DeployedForm> deploy(@RequestPart(name = "file", required = false) MultipartFile file,
                                        @RequestParam(name = "reason", required = false) String reason) throws IOException {
        if (file == null || file.isEmpty()) {
            throw ApiException.badRequest("請以 multipart 欄位「file」上傳表單檔（.form）。", List.of());
        }
        DeployedForm deployed = deployer.deploy(file.getBytes(), reason, users.current());
        return ResponseEntity.status(deployed.created() ? HttpStatus.CREATED : HttpStatus.OK).body(deployed);
    }
}
