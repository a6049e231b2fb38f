package io.vigie.server.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The PostgreSQL that the control plane starts for itself when no external database is configured.
 * Its cluster lives under {@code <data>/postgres} and survives restarts; it listens on loopback
 * only, on a free port chosen at each start. PostgreSQL refuses to run as root, so this class
 * refuses too, with a message that says what to do.
 */
final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);
    static final String DATABASE = "vigie";

    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /**
     * Starts (and on first use initialises) the cluster under {@code dataDir/postgres}.
     *
     * @param dataDir the control plane's data directory
     * @return the running database
     */
    static EmbeddedDatabase start(Path dataDir) {
        refuseRoot();
        Path cluster = dataDir.resolve("postgres").toAbsolutePath();
        try {
            Files.createDirectories(cluster);
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setDataDirectory(cluster)
                    .setCleanDataDirectory(false)
                    .setOverrideWorkingDirectory(dataDir.resolve("postgres-binaries").toAbsolutePath().toFile())
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "100")
                    .setServerConfig("synchronous_commit", "on")
                    .setPGStartupWait(java.time.Duration.ofSeconds(60))
                    .start();
            EmbeddedDatabase db = new EmbeddedDatabase(pg);
            db.createDatabaseIfMissing();
            log.info("embedded PostgreSQL started dir={} port={}", cluster, pg.getPort());
            return db;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + cluster, e);
        }
    }

    private static void refuseRoot() {
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            if (Integer.valueOf(0).equals(uid)) {
                throw new IllegalStateException("The embedded PostgreSQL cannot run as root. Start Vigie as an "
                        + "unprivileged user, or set VIGIE_DB_URL to use an external PostgreSQL.");
            }
        } catch (IOException | UnsupportedOperationException e) {
            log.debug("cannot read the process uid, assuming non-root: {}", e.toString());
        }
    }

    private void createDatabaseIfMissing() {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            var rs = s.executeQuery("select 1 from pg_database where datname = '" + DATABASE + "'");
            if (!rs.next()) {
                s.execute("create database " + DATABASE);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the database " + DATABASE, e);
        }
    }

    /** @return the JDBC URL of the Vigie database */
    String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", DATABASE);
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
