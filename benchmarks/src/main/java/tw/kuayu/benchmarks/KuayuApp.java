package tw.kuayu.benchmarks;

import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tw.kuayu.KuayuApplication;

/**
 * Kuayu in this JVM as the demo starts it (SpringApplication, profile demo: in-process agency
 * stand-in, audit, demo PKI, signed PDF decisions) on a given database and free ports.
 */
final class KuayuApp implements AutoCloseable {

    final ConfigurableApplicationContext context;
    final int port;

    KuayuApp(String jdbcUrl, String user, String password) throws Exception {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("spring.datasource.url", jdbcUrl);
        props.put("spring.datasource.username", user);
        props.put("spring.datasource.password", password);
        props.put("server.port", "0");
        props.put("kuayu.standin.port", "0");
        props.put("kuayu.data-dir", Files.createTempDirectory("kuayu-bench").toString());
        props.put("logging.level.root", "warn");
        // the embedded PostgreSQL server log (shutdowns, crashes) of the large-volume benchmarks
        props.put("logging.level.io.zonky", "info");
        props.put("spring.main.banner-mode", "off");
        props.putAll(overrides());
        // as command-line arguments: they must win over application.yaml (default properties would not)
        String[] args = props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        context = new SpringApplicationBuilder(KuayuApplication.class).profiles("demo").run(args);
        port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    /** -Dkuayu.bench.set=a=b,c=d: engine settings to try without editing the application's files. */
    private static Map<String, String> overrides() {
        Map<String, String> out = new LinkedHashMap<>();
        String set = System.getProperty("kuayu.bench.set", "");
        for (String pair : set.split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        return out;
    }

    DataSource dataSource() {
        return context.getBean(DataSource.class);
    }

    @Override
    public void close() {
        context.close();
    }
}
