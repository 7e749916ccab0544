package tw.kuayu.studio;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code kuayu.studio.*}: what the deploy checks allow.
 *
 * @param allowedScriptLanguages script languages a model may use inline (e.g. {@code groovy}); default none,
 *                               so script tasks, script listeners and script conditions are refused
 * @param requireSlaTargets      whether every user task must carry {@code kuayu.targetWorkingDays}; default
 *                               false until every model has one
 */
@ConfigurationProperties("kuayu.studio")
public record StudioProperties(List<String> allowedScriptLanguages, boolean requireSlaTargets) {

    public StudioProperties {
        allowedScriptLanguages = allowedScriptLanguages == null ? List.of() : List.copyOf(allowedScriptLanguages);
    }

    Set<String> scriptLanguages() {
        return allowedScriptLanguages.stream().map(String::trim).filter(s -> !s.isEmpty())
                .map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }
}
