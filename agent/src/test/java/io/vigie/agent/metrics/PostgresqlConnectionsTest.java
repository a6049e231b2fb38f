package io.vigie.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import io.vigie.agent.metrics.db.DatabaseAddress;
import io.vigie.agent.metrics.db.DatabaseTarget;
import io.vigie.agent.metrics.db.DatabaseTarget.Engine;
import io.vigie.agent.testing.Commands;
import io.vigie.agent.testing.NeedsLocalServices;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The PostgreSQL collector against real servers: the machine's (trust, over its socket and TCP),
 * and a scratch cluster started by the test with {@code initdb} of the machine's PostgreSQL,
 * whose {@code pg_hba.conf} asks each test role for another method: md5, scram-sha-256, password
 * (cleartext), peer, trust. The machine's cluster is trust-only, so the password methods need
 * the scratch one. Nothing else connects to the scratch cluster, so its counts are exact: three
 * sessions held open by {@code psql}, plus the reader's own. On the machine's cluster the
 * collector's reading is compared with psql's.
 */
@NeedsLocalServices
class PostgresqlConnectionsTest {

    private static final String MD5_ROLE = "vigie_md5";
    private static final String SCRAM_ROLE = "vigie_scram";
    private static final String CLEARTEXT_ROLE = "vigie_cleartext";
    private static final String NO_STATS_ROLE = "vigie_nostats";
    private static final String PASSWORD = "Pw-" + Integer.toHexString(ThreadLocalRandom.current().nextInt()) + "-s3cret";
    /** The system user running the test: peer authentication logs it in as the role of the same name. */
    private static final String SYSTEM_USER = System.getProperty("user.name");
    private static final int MAX_CONNECTIONS = 37;
    private static final int HELD = 3;

    private static Path cluster;
    private static String bin;
    private static int port;
    private static final List<Process> held = new ArrayList<>();

    @BeforeAll
    static void startScratchCluster() throws IOException {
        bin = newestPostgresqlBin();
        cluster = Files.createTempDirectory("vigie-pg");
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Path data = cluster.resolve("data");
        Commands.run(bin + "/initdb", "--pgdata=" + data, "--username=postgres", "--auth=reject", "--no-sync",
                "--no-instructions");
        Files.writeString(data.resolve("pg_hba.conf"), String.join("\n",
                "local all postgres trust",
                "host all postgres 127.0.0.1/32 trust",
                "local all " + MD5_ROLE + " md5",
                "host all " + MD5_ROLE + " 127.0.0.1/32 md5",
                "local all " + SCRAM_ROLE + " scram-sha-256",
                "host all " + SCRAM_ROLE + " 127.0.0.1/32 scram-sha-256",
                "local all " + CLEARTEXT_ROLE + " password",
                "local all " + NO_STATS_ROLE + " trust",
                "local all " + SYSTEM_USER + " peer", ""));
        Commands.run(bin + "/pg_ctl", "--pgdata=" + data, "--log=" + cluster.resolve("log"), "--wait", "start",
                "--options=-c listen_addresses=127.0.0.1 -c port=" + port + " -c unix_socket_directories=" + cluster
                        + " -c max_connections=" + MAX_CONNECTIONS + " -c fsync=off");
        psql("SET password_encryption = 'md5'; CREATE ROLE " + MD5_ROLE + " LOGIN PASSWORD '" + PASSWORD + "';"
                + "SET password_encryption = 'scram-sha-256'; CREATE ROLE " + SCRAM_ROLE + " LOGIN PASSWORD '"
                + PASSWORD + "'; CREATE ROLE " + CLEARTEXT_ROLE + " LOGIN PASSWORD '" + PASSWORD + "';"
                + "CREATE ROLE \"" + SYSTEM_USER + "\" LOGIN; CREATE ROLE " + NO_STATS_ROLE + " LOGIN;"
                + "GRANT pg_read_all_stats TO " + MD5_ROLE + ", " + SCRAM_ROLE + ", " + CLEARTEXT_ROLE + ", \""
                + SYSTEM_USER + "\"");
        for (int i = 0; i < HELD; i++) {
            held.add(new ProcessBuilder(bin + "/psql", "--host=" + cluster, "--port=" + port, "--username=postgres",
                    "--dbname=postgres", "--command=select pg_sleep(600)")
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start());
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> clientBackends().equals(Integer.toString(HELD + 1)));
    }

    @AfterAll
    static void stopScratchCluster() throws IOException {
        held.forEach(Process::destroy);
        if (cluster != null) {
            Commands.run(bin + "/pg_ctl", "--pgdata=" + cluster.resolve("data"), "--mode=immediate", "stop");
            try (Stream<Path> files = Files.walk(cluster)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "socket"})
    void everyPasswordMethodLogsInAndReadsTheExactCounts(String via) throws IOException {
        String address = via.equals("tcp") ? "127.0.0.1:" + port : socket();
        Optional<Path> password = Optional.of(passwordFile(PASSWORD));

        assertReadsTheHeldSessionsAndItself(target(address, "postgres", Optional.empty()));
        assertReadsTheHeldSessionsAndItself(target(address, MD5_ROLE, password));
        assertReadsTheHeldSessionsAndItself(target(address, SCRAM_ROLE, password));
    }

    @Test
    void cleartextAndPeerLogInOverTheSocket() throws IOException {
        assertReadsTheHeldSessionsAndItself(target(socket(), CLEARTEXT_ROLE, Optional.of(passwordFile(PASSWORD))));
        assertReadsTheHeldSessionsAndItself(target(socket(), SYSTEM_USER, Optional.empty()));
    }

    @ParameterizedTest
    @ValueSource(strings = {MD5_ROLE, SCRAM_ROLE})
    void aWrongPasswordIsACleanFailureThatDoesNotTellThePassword(String role) throws IOException {
        Collector collector = target("127.0.0.1:" + port, role, Optional.of(passwordFile("wrong-" + PASSWORD)));

        assertThatThrownBy(() -> collector.collect(new SampleSink()))
                .isInstanceOf(IOException.class)
                .hasMessage("127.0.0.1:" + port + " refused: FATAL 28P01: password authentication failed for user \""
                        + role + "\"")
                .hasMessageNotContaining(PASSWORD);
    }

    @Test
    void aPasswordAskedForButNotConfiguredIsNamed() {
        Collector collector = target("127.0.0.1:" + port, SCRAM_ROLE, Optional.empty());

        assertThatThrownBy(() -> collector.collect(new SampleSink()))
                .hasMessage("127.0.0.1:" + port + " asks for a password and none is configured (password-file)");
    }

    @Test
    void aRoleThatCannotSeeOtherSessionsFailsRatherThanReportingOne() {
        Collector collector = target(socket(), NO_STATS_ROLE, Optional.empty());

        assertThatThrownBy(() -> collector.collect(new SampleSink()))
                .hasMessage("the role " + NO_STATS_ROLE + " lacks pg_read_all_stats and would see only its own "
                        + "connection: GRANT pg_read_all_stats TO \"" + NO_STATS_ROLE + "\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"unix:/var/run/postgresql/.s.PGSQL.5432", "127.0.0.1:5432"})
    void theMachinesServerReadsWhatPsqlReads(String address) {
        Collector collector = target(address, "postgres", Optional.empty());
        String query = "select count(*) from pg_stat_activity where backend_type = 'client backend'";
        for (int attempt = 0; attempt < 20; attempt++) {
            String before = Commands.run("psql", "--host=/var/run/postgresql", "--username=postgres",
                    "--dbname=postgres", "--no-align", "--tuples-only", "--command=" + query);
            List<String> collected = Fixtures.collect(collector);
            String after = Commands.run("psql", "--host=/var/run/postgresql", "--username=postgres",
                    "--dbname=postgres", "--no-align", "--tuples-only", "--command=" + query);
            if (before.equals(after)) {
                String max = Commands.run("psql", "--host=/var/run/postgresql", "--username=postgres",
                        "--dbname=postgres", "--no-align", "--tuples-only", "--command=show max_connections");
                assertThat(collected).containsExactly("vigie_postgresql_connections " + before,
                        "pg_settings_max_connections " + max);
                return;
            }
        }
        fail("the server's connections kept changing");
    }

    /**
     * The held sessions plus the collector's own, and the configured maximum. The backend of a
     * connection just closed (psql's, the previous collector's) leaves {@code pg_stat_activity}
     * a moment later, so the count is polled until those have gone.
     */
    private static void assertReadsTheHeldSessionsAndItself(Collector collector) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                assertThat(Fixtures.collect(collector)).containsExactly("vigie_postgresql_connections " + (HELD + 1),
                        "pg_settings_max_connections " + MAX_CONNECTIONS));
    }

    private static String clientBackends() {
        return psql("select count(*) from pg_stat_activity where backend_type = 'client backend'");
    }

    private static String psql(String sql) {
        return Commands.run(bin + "/psql", "--host=" + cluster, "--port=" + port, "--username=postgres",
                "--dbname=postgres", "--no-align", "--tuples-only", "--set=ON_ERROR_STOP=1", "--command=" + sql);
    }

    private static String socket() {
        return "unix:" + cluster.resolve(".s.PGSQL." + port);
    }

    private static Collector target(String address, String user, Optional<Path> passwordFile) {
        return new DatabaseTarget(Engine.POSTGRESQL, DatabaseAddress.parse(address, 5432), user, passwordFile)
                .collector();
    }

    private static Path passwordFile(String password) throws IOException {
        Path file = Files.writeString(cluster.resolve("pw-" + ThreadLocalRandom.current().nextInt()), password + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        return file;
    }

    /** @return the bin directory of the newest PostgreSQL installed ({@code /usr/lib/postgresql/<version>/bin}) */
    private static String newestPostgresqlBin() throws IOException {
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(version -> version.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparingInt(b -> Integer.parseInt(b.getParent().getFileName().toString())))
                    .orElseThrow(() -> new IllegalStateException("no initdb under /usr/lib/postgresql"))
                    .toString();
        }
    }
}
