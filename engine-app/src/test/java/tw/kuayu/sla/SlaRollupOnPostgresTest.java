package tw.kuayu.sla;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tw.kuayu.cases.PostgresDatabases;

/** The rollup's equality with the direct queries, its backfill and its concurrency on a real PostgreSQL (savepoints, EXTRACT(EPOCH ...)). */
class SlaRollupOnPostgresTest extends SlaRollupTest {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresDatabases.register(registry, "kuayu_sla_rollup");
    }
}
