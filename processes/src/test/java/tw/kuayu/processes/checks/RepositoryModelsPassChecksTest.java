package tw.kuayu.processes.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The build's gate: every model in this module passes every check the deploy API runs. */
class RepositoryModelsPassChecksTest {

    @Test
    void everyModelPassesEveryCheck() throws Exception {
        CheckContext context = RepositoryContext.load();
        assertThat(context.agencies()).contains("tpe-tax", "tpe-social");
        assertThat(context.forms()).contains("co-sign");
        assertThat(context.connectorSources()).contains("household");
        assertThat(RepositoryContext.models()).hasSize(7);
        for (Path model : RepositoryContext.models()) {
            assertThat(ModelChecks.check(Files.readAllBytes(model), context)).as(model.getFileName().toString()).isEmpty();
        }
    }
}
