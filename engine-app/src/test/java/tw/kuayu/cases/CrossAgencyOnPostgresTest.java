package tw.kuayu.cases;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The cross-agency case types on a real PostgreSQL (embedded, started by the test). */
class CrossAgencyOnPostgresTest extends CrossAgencyEndToEndTest {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        LandValueTaxOnPostgresTest.postgres(registry, "kuayu_cross_agency");
    }
}
