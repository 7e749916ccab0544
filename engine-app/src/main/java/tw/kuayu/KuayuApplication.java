package tw.kuayu;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class KuayuApplication {

    public static void main(String[] args) {
        // Times are stored in UTC (engine and Kuayu tables alike) and shown in Asia/Taipei.
        java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("UTC"));
        SpringApplication.run(KuayuApplication.class, args);
    }
}
