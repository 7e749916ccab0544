package tw.kuayu.cases;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The same checks of the stored bytes and the lookups on a real PostgreSQL. */
class PersonalDataAtRestOnPostgresTest extends PersonalDataAtRestTest {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        LandValueTaxOnPostgresTest.postgres(registry, "kuayu_personal_data");
    }
}
