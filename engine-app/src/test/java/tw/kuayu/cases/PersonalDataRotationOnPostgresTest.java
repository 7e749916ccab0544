package tw.kuayu.cases;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Rotation and the upgrade sealing on a real PostgreSQL (LIKE over text columns, the sealer's batches). */
class PersonalDataRotationOnPostgresTest extends PersonalDataRotationTest {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        LandValueTaxOnPostgresTest.postgres(registry, "kuayu_personal_data_rotation");
    }
}
