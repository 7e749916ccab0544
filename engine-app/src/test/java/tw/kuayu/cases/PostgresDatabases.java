package tw.kuayu.cases;

import org.springframework.test.context.DynamicPropertyRegistry;

/** Lets tests in other packages run their application context on the test run's embedded PostgreSQL ({@link LandValueTaxOnPostgresTest.Server}). */
public final class PostgresDatabases {

    private PostgresDatabases() {
    }

    /** Points the context's datasource at a database of its own on the shared server. */
    public static void register(DynamicPropertyRegistry registry, String database) {
        LandValueTaxOnPostgresTest.postgres(registry, database);
    }
}
