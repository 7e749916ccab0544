package tw.kuayu.cases;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The same end-to-end tests on a real PostgreSQL, started by the test run itself. */
public class LandValueTaxOnPostgresTest extends LandValueTaxEndToEndTest {

    /** One server for the whole test JVM; it stops with the JVM, after the cached application context. */
    static final class Server {
        static final EmbeddedPostgres POSTGRES = start();

        private static EmbeddedPostgres start() {
            try {
                return EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("could not start embedded PostgreSQL", e);
            }
        }

        /**
         * A database of its own for each test application context: two contexts on one database
         * would run each other's jobs against different agency stand-ins.
         */
        static synchronized String database(String name) {
            try (Connection c = POSTGRES.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
                 ResultSet exists = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
                if (!exists.next()) {
                    s.execute("CREATE DATABASE " + name);
                }
            } catch (SQLException e) {
                throw new IllegalStateException("could not create database " + name, e);
            }
            return POSTGRES.getJdbcUrl("postgres", name);
        }
    }

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        postgres(registry, "kuayu_land_tax");
    }

    public static void postgres(DynamicPropertyRegistry registry, String database) {
        registry.add("spring.datasource.url", () -> Server.database(database));
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "");
    }
}
