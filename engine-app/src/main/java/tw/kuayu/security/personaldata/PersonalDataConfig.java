package tw.kuayu.security.personaldata;

import java.nio.file.Path;
import java.util.Arrays;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

@Configuration
class PersonalDataConfig {

    @Bean
    PersonalDataCipher personalDataCipher(PersonalDataProperties properties, @Value("${kuayu.data-dir}") Path dataDir, Environment env) {
        return PersonalDataKeys.load(properties, dataDir, Arrays.asList(env.getActiveProfiles()).contains("demo"));
    }

    // Picked up by the MyBatis starter as type handlers (by class only; see PersonalDataTypeHandlers).
    @Bean
    PersonalDataTypeHandlers.Sealed sealedTypeHandler(PersonalDataCipher cipher) {
        return new PersonalDataTypeHandlers.Sealed(cipher);
    }

    @Bean
    PersonalDataTypeHandlers.SearchHash searchHashTypeHandler(PersonalDataCipher cipher) {
        return new PersonalDataTypeHandlers.SearchHash(cipher);
    }

    @Bean
    PersonalDataTypeHandlers.PreviousSearchHash previousSearchHashTypeHandler(PersonalDataCipher cipher) {
        return new PersonalDataTypeHandlers.PreviousSearchHash(cipher);
    }

    @Bean
    PersonalDataTypeHandlers.NameHash nameHashTypeHandler(PersonalDataCipher cipher) {
        return new PersonalDataTypeHandlers.NameHash(cipher);
    }

    @Bean
    PersonalDataTypeHandlers.PreviousNameHash previousNameHashTypeHandler(PersonalDataCipher cipher) {
        return new PersonalDataTypeHandlers.PreviousNameHash(cipher);
    }

    @Bean
    PersonalDataTypeHandlers.Masked maskedTypeHandler() {
        return new PersonalDataTypeHandlers.Masked();
    }
}
