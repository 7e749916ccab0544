package tw.kuayu;

import java.time.Clock;
import org.apache.ibatis.mapping.DatabaseIdProvider;
import org.apache.ibatis.mapping.VendorDatabaseIdProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
public class KuayuConfig {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Lets a mapper keep a per-vendor variant of a statement ({@code databaseId="oracle"}) where portable SQL is not enough. */
    @Bean
    DatabaseIdProvider databaseIdProvider() {
        VendorDatabaseIdProvider provider = new VendorDatabaseIdProvider();
        java.util.Properties vendors = new java.util.Properties();
        vendors.setProperty("H2", "h2");
        vendors.setProperty("PostgreSQL", "postgresql");
        vendors.setProperty("Oracle", "oracle");
        provider.setProperties(vendors);
        return provider;
    }
}
