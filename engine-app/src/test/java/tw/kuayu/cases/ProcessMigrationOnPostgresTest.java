package tw.kuayu.cases;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tw.kuayu.studio.ProcessMigrationEndToEndTest;

/** The studio's draft, deploy, dry-run and batch migration path on a real PostgreSQL (embedded, started by the test). */
class ProcessMigrationOnPostgresTest extends ProcessMigrationEndToEndTest {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        LandValueTaxOnPostgresTest.postgres(registry, "kuayu_studio_migration");
    }
}
