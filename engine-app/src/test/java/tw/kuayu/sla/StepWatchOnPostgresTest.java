package tw.kuayu.sla;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tw.kuayu.cases.PostgresDatabases;

/** The step reminders on a real PostgreSQL: the new column, the excluded timed steps and the paging in SQL. */
class StepWatchOnPostgresTest extends StepWatchMailTest {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresDatabases.register(registry, "kuayu_step_watch");
    }
}
