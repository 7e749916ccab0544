package tw.kuayu.studio;

import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import tw.kuayu.casetype.Catalog;
import tw.kuayu.processes.checks.CheckContext;
import tw.kuayu.processes.checks.ModelChecks;
import tw.kuayu.processes.checks.Problem;
import tw.kuayu.web.ApiException;

/**
 * What the studio page reads besides the studio API (process owners only, by the API chain's
 * {@code /api/processes/**} rule): the deploy checks without deploying or saving, and the names a model may
 * use. See docs/decisions/020-studio-page.md.
 */
@RestController
@RequestMapping("/api/processes")
class StudioPageController {

    private final LiveCheckContext checks;
    private final Catalog catalog;

    StudioPageController(LiveCheckContext checks, Catalog catalog) {
        this.checks = checks;
        this.catalog = catalog;
    }

    record Finding(String elementId, String elementName, String code, String message) {
        static Finding of(Problem p) {
            return new Finding(p.elementId(), p.elementName(), p.code(), p.message());
        }
    }

    record Findings(List<Finding> problems) {
    }

    /** The deploy checks over an uploaded model, nothing deployed: {@code 200} with every problem found (none = deployable). */
    @PostMapping(path = "/checks", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    Findings check(@RequestPart(name = "file", required = false) MultipartFile file) throws IOException {
        if (file == null || file.isEmpty()) {
            throw ApiException.badRequest("請以 multipart 欄位「file」上傳 BPMN 檔案。", List.of());
        }
        return new Findings(ModelChecks.check(file.getBytes(), checks.current()).stream().map(Finding::of).toList());
    }

    record Agency(String key, String name) {
    }

    record Vocabulary(List<Agency> agencies, List<String> forms, List<String> sources, List<String> processKeys) {
    }

    /** What a model may name (the same sets the checks use), for the page's suggestions. */
    @GetMapping("/vocabulary")
    Vocabulary vocabulary() {
        CheckContext context = checks.current();
        List<Agency> agencies = context.agencies().stream().sorted()
                .map(key -> new Agency(key, catalog.agency(key).name())).toList();
        return new Vocabulary(agencies, sorted(context.forms()), sorted(context.connectorSources()), sorted(context.processKeys()));
    }

    private static List<String> sorted(java.util.Collection<String> values) {
        return values.stream().sorted(Comparator.naturalOrder()).toList();
    }
}
