package tw.kuayu.security.personaldata;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tw.kuayu.cases.LandValueTaxOnPostgresTest;

/** The sealer's bookkeeping and the search-key rotation on a real PostgreSQL. */
class PersonalDataSealerOnPostgresTest extends PersonalDataSealerTest {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        LandValueTaxOnPostgresTest.postgres(registry, "kuayu_personal_data_sealer");
    }
}
