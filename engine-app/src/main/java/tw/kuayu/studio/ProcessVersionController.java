package tw.kuayu.studio;

import java.nio.charset.StandardCharsets;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tw.kuayu.security.CurrentUsers;
import tw.kuayu.studio.ModelComparison.Comparison;
import tw.kuayu.studio.ProcessCatalogView.ProcessVersions;
import tw.kuayu.studio.Retirements.RetirementState;

/**
 * The versions of one process key (process owners): the list with running instances, retired flags and the
 * draft; the BPMN XML of any version; retiring a version and undoing it; the diff of two versions or of a
 * version and the draft.
 */
@RestController
@RequestMapping("/api/processes/{key}")
class ProcessVersionController {

    private final ProcessCatalogView catalog;
    private final Definitions definitions;
    private final Retirements retirements;
    private final ModelComparison comparison;
    private final CurrentUsers users;

    ProcessVersionController(ProcessCatalogView catalog, Definitions definitions, Retirements retirements, ModelComparison comparison,
                             CurrentUsers users) {
        this.catalog = catalog;
        this.definitions = definitions;
        this.retirements = retirements;
        this.comparison = comparison;
        this.users = users;
    }

    /** The reason a process owner gives for an action, recorded with it. */
    record ReasonBody(String reason) {
    }

    @GetMapping("/versions")
    ProcessVersions versions(@PathVariable String key) {
        return catalog.of(key);
    }

    @GetMapping(path = "/versions/{version}/xml", produces = MediaType.APPLICATION_XML_VALUE)
    ResponseEntity<byte[]> xml(@PathVariable String key, @PathVariable int version) {
        byte[] xml = definitions.xml(definitions.version(key, version));
        return ResponseEntity.ok().contentType(new MediaType(MediaType.APPLICATION_XML, StandardCharsets.UTF_8)).body(xml);
    }

    @GetMapping("/versions/{version}/retirement")
    RetirementState retirement(@PathVariable String key, @PathVariable int version) {
        return retirements.state(key, version);
    }

    @PostMapping("/versions/{version}/retire")
    RetirementState retire(@PathVariable String key, @PathVariable int version, @RequestBody ReasonBody body) {
        return retirements.retire(key, version, body.reason(), users.current());
    }

    @PostMapping("/versions/{version}/reactivate")
    RetirementState reactivate(@PathVariable String key, @PathVariable int version, @RequestBody ReasonBody body) {
        return retirements.reactivate(key, version, body.reason(), users.current());
    }

    @GetMapping("/diff")
    Comparison diff(@PathVariable String key, @RequestParam String from, @RequestParam String to) {
        return comparison.compare(key, from, to);
    }
}
