package tw.kuayu.processes.checks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;

/**
 * The check context of the repository itself: agencies and evidence sources from the engine-app's
 * {@code kuayu-case-types.yaml}, form ids from {@code forms/}, process keys from this module's models.
 * Maven runs tests in the module directory, so the sibling modules are read from their sources.
 */
final class RepositoryContext {

    static final Path MODELS = Path.of("src/main/resources/processes");
    static final Path CASE_TYPES = Path.of("../engine-app/src/main/resources/kuayu-case-types.yaml");
    static final Path FORMS = Path.of("../forms/src/main/resources/forms");

    private RepositoryContext() {
    }

    static CheckContext load() throws IOException {
        Map<String, Object> kuayu = section(readYaml(), "kuayu");
        Set<String> agencies = section(kuayu, "agencies").keySet();
        Set<String> sources = new HashSet<>();
        for (Object caseType : section(kuayu, "case-types").values()) {
            Object evidence = ((Map<?, ?>) caseType).get("evidence");
            if (evidence instanceof List<?> list) {
                list.forEach(e -> sources.add(String.valueOf(((Map<?, ?>) e).get("source"))));
            }
        }
        return CheckContext.of(agencies, baseNames(FORMS, ".form"), sources, processKeys(), Set.of(), false);
    }

    static List<Path> models() throws IOException {
        try (Stream<Path> files = Files.list(MODELS)) {
            return files.filter(p -> p.toString().endsWith(".bpmn")).sorted().toList();
        }
    }

    /** Process keys: every model here is named after its process id. */
    private static Set<String> processKeys() throws IOException {
        return baseNames(MODELS, ".bpmn");
    }

    private static Set<String> baseNames(Path dir, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(suffix))
                    .map(n -> n.substring(0, n.length() - suffix.length())).collect(java.util.stream.Collectors.toSet());
        }
    }

    private static Map<String, Object> readYaml() throws IOException {
        try (InputStream in = Files.newInputStream(CASE_TYPES)) {
            return new Yaml().load(in);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> section(Map<String, Object> parent, String key) {
        return (Map<String, Object>) parent.get(key);
    }
}
