package tw.kuayu.studio;

import java.io.IOException;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import tw.kuayu.security.CurrentUsers;
import tw.kuayu.studio.ProcessCatalogView.ProcessVersions;
import tw.kuayu.studio.ProcessDeployer.Deployed;
import tw.kuayu.web.ApiException;

/**
 * {@code POST /api/processes} (process owners): check a BPMN model and deploy it. {@code GET /api/processes}
 * (process owners and managers): the deployed versions with their running instances.
 */
@RestController
@RequestMapping("/api/processes")
class ProcessController {

    private final ProcessDeployer deployer;
    private final ProcessCatalogView catalog;
    private final CurrentUsers users;

    ProcessController(ProcessDeployer deployer, ProcessCatalogView catalog, CurrentUsers users) {
        this.deployer = deployer;
        this.catalog = catalog;
        this.users = users;
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<Deployed> deploy(@RequestPart(name = "file", required = false) MultipartFile file,
                                    @RequestParam(name = "reason", required = false) String reason) throws IOException {
        if (file == null || file.isEmpty()) {
            throw ApiException.badRequest("請以 multipart 欄位「file」上傳 BPMN 檔案。", List.of());
        }
        Deployed deployed = deployer.deploy(file.getBytes(), reason, users.current());
        return ResponseEntity.status(deployed.created() ? HttpStatus.CREATED : HttpStatus.OK).body(deployed);
    }

    @GetMapping
    List<ProcessVersions> list() {
        return catalog.list();
    }
}
