package io.vigie.server.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The PostgreSQL that the control plane starts for itself when no external database is configured.
 * Its cluster lives under {@code <data>/postgres} and survives restarts; it listens on loopback
 * only, on a free port chosen at each start. PostgreSQL refuses to run as root, so this class
 * refuses too, with a message that says what to do.
 *
 * <p>One control plane at a time uses a data directory: it holds a lock on {@code <data>/vigie.lock}
 * while it runs (the kernel releases it when the process dies, however it dies). Holding that lock
 * also proves that a PostgreSQL still serving the cluster was left behind by a control plane whose
 * JVM was killed; it is stopped before a new one starts, else PostgreSQL would refuse the cluster.
 */
final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);
    static final String DATABASE = "vigie";

    /** How long a PostgreSQL left behind may take to shut down before the start gives up. */
    private static final Duration ORPHAN_STOP_TIMEOUT = Duration.ofSeconds(60);

    private final EmbeddedPostgres postgres;
    private final FileChannel lock;

    private EmbeddedDatabase(EmbeddedPostgres postgres, FileChannel lock) {
        this.postgres = postgres;
        this.lock = lock;
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
        FileChannel lock = lockDataDirectory(dataDir);
        try {
            Files.createDirectories(cluster);
            stopOrphan(cluster);
            EmbeddedPostgres pg;
            try {
                pg = startPostgres(dataDir, cluster);
            } catch (IOException first) {
                // Seen once in CI: a fresh cluster never answered on the port chosen for it (taken
                // meanwhile?). Whatever runs of it is stopped, and one more start gets another port.
                log.warn("the embedded PostgreSQL did not become ready ({}): stopping it and trying once more",
                        first.getMessage());
                stopOrphan(cluster);
                pg = startPostgres(dataDir, cluster);
            }
            EmbeddedDatabase db = new EmbeddedDatabase(pg, lock);
            db.createDatabaseIfMissing();
            log.info("embedded PostgreSQL started dir={} port={}", cluster, pg.getPort());
            return db;
        } catch (IOException e) {
            closeQuietly(lock);
            throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + cluster, e);
        } catch (RuntimeException e) {
            closeQuietly(lock);
            throw e;
        }
    }

    private static EmbeddedPostgres startPostgres(Path dataDir, Path cluster) throws IOException {
        return EmbeddedPostgres.builder()
                .setDataDirectory(cluster)
                .setCleanDataDirectory(false)
                .setOverrideWorkingDirectory(dataDir.resolve("postgres-binaries").toAbsolutePath().toFile())
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("max_connections", "100")
                .setServerConfig("synchronous_commit", "on")
                .setPGStartupWait(Duration.ofSeconds(60))
                .start();
    }

    /**
     * @param dataDir the data directory
     * @return the open channel holding the lock of the data directory
     * @throws IllegalStateException if another process holds it
     */
    private static FileChannel lockDataDirectory(Path dataDir) {
        Path file = dataDir.resolve("vigie.lock").toAbsolutePath();
        FileChannel channel = null;
        try {
            Files.createDirectories(dataDir);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            if (channel.tryLock() == null) {
                throw new IllegalStateException("Another Vigie control plane is running with the data directory "
                        + dataDir.toAbsolutePath() + " (it holds " + file + "). Stop it first, or start this one "
                        + "with another VIGIE_DATA_DIR.");
            }
            return channel;
        } catch (OverlappingFileLockException e) {
            closeQuietly(channel);
            throw new IllegalStateException("This process already runs a control plane with the data directory "
                    + dataDir.toAbsolutePath(), e);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot lock the data directory " + dataDir.toAbsolutePath(), e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    /**
     * Stops a PostgreSQL that still serves the cluster although no control plane runs (its JVM was
     * killed, its PostgreSQL was not): the caller holds the data directory's lock.
     */
    private static void stopOrphan(Path cluster) throws IOException {
        Path pidFile = cluster.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        long pid;
        try {
            pid = lines.isEmpty() ? -1 : Long.parseLong(lines.getFirst().strip());
        } catch (NumberFormatException e) {
            return; // not a PostgreSQL pid file we understand: PostgreSQL itself will judge it
        }
        ProcessHandle orphan = ProcessHandle.of(pid).filter(ProcessHandle::isAlive).orElse(null);
        if (orphan == null || !servesCluster(pid, cluster)) {
            return; // a stale file: PostgreSQL removes it itself
        }
        log.warn("a PostgreSQL (pid {}) left running by a control plane that was killed still serves {}: "
                + "stopping it before starting a new one", pid, cluster);
        orphan.destroy();
        try {
            orphan.onExit().get(ORPHAN_STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the PostgreSQL (pid " + pid + ") left running in " + cluster
                    + " did not stop within " + ORPHAN_STOP_TIMEOUT.toSeconds() + " s; stop it, then start Vigie again");
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot wait for the PostgreSQL (pid " + pid + ") to stop", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the PostgreSQL (pid " + pid + ") was stopping", e);
        }
        log.info("the PostgreSQL left running (pid {}) stopped", pid);
    }

    /** @return true when the process is a PostgreSQL whose command line names this cluster */
    private static boolean servesCluster(long pid, Path cluster) {
        try {
            String commandLine = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).replace('\0', ' ');
            return commandLine.contains("postgres") && commandLine.contains(cluster.toString());
        } catch (IOException e) {
            return false;
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                log.debug("cannot close the lock of the data directory: {}", e.toString());
            }
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
        try {
            postgres.close();
        } finally {
            lock.close();
        }
    }
}
