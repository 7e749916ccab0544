package tw.kuayu.cases;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Rare characters through a real PostgreSQL (UTF-8 database, sealed and clear columns). */
class RareCharactersOnPostgresTest extends RareCharactersTest {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        LandValueTaxOnPostgresTest.postgres(registry, "kuayu_rare_characters");
    }
}
