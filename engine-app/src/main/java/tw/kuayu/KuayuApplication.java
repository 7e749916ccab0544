package tw.kuayu;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class KuayuApplication {

    public static void main(String[] args) {
        SpringApplication.run(KuayuApplication.class, args);
    }
}
