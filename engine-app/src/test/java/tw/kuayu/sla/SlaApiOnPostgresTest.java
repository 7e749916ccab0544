package tw.kuayu.sla;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tw.kuayu.cases.PostgresDatabases;

/** The SLA reports on a real PostgreSQL: the per-vendor holding time of the bottleneck view and the Taipei months of the trend. */
class SlaApiOnPostgresTest extends SlaApiTest {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresDatabases.register(registry, "kuayu_sla");
    }
}
