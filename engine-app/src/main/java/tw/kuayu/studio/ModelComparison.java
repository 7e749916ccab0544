package tw.kuayu.studio;

import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Optional;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.springframework.stereotype.Service;
import tw.kuayu.processes.checks.Problem;
import tw.kuayu.processes.checks.SafeXml;
import tw.kuayu.studio.ModelDiff.ChangedElement;
import tw.kuayu.studio.ModelDiff.Element;
import tw.kuayu.web.ApiException;

/**
 * {@code GET /api/processes/{key}/diff?from=&to=}: a version (its number) or the draft ({@code draft}) against
 * another. Each side is read the way the deploy checks read a file: no DOCTYPE, no external entities, then
 * Camunda's BPMN parser.
 */
@Service
class ModelComparison {

    static final String DRAFT = "draft";

    private final Definitions definitions;
    private final Drafts drafts;

    ModelComparison(Definitions definitions, Drafts drafts) {
        this.definitions = definitions;
        this.drafts = drafts;
    }

    record Comparison(String key, String from, String to, List<Element> added, List<Element> removed, List<ChangedElement> changed) {
    }

    Comparison compare(String key, String from, String to) {
        ModelDiff.Result diff = ModelDiff.between(read(key, from, "from"), read(key, to, "to"));
        return new Comparison(key, from, to, diff.added(), diff.removed(), diff.changed());
    }

    private BpmnModelInstance read(String key, String side, String parameter) {
        byte[] xml = DRAFT.equals(side) ? drafts.xml(key) : definitions.xml(definitions.version(key, version(side, parameter)));
        Optional<Problem> unsafe = SafeXml.check(xml);
        if (unsafe.isPresent()) {
            throw ApiException.badRequest("「" + side + "」的模型不是安全、格式正確的 XML，無法比較。", List.of(unsafe.get().toString()));
        }
        try {
            return Bpmn.readModelFromStream(new ByteArrayInputStream(xml));
        } catch (RuntimeException e) {
            throw ApiException.badRequest("「" + side + "」的模型無法解析為 BPMN，無法比較。", List.of(parameter));
        }
    }

    private static int version(String side, String parameter) {
        try {
            int v = Integer.parseInt(side);
            if (v > 0) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw ApiException.badRequest("參數「" + parameter + "」須為版本號碼（正整數）或 draft（草稿），收到「" + side + "」。", List.of(parameter));
    }
}
