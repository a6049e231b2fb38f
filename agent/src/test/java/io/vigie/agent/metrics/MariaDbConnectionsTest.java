package io.vigie.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.vigie.agent.metrics.db.DatabaseAddress;
import io.vigie.agent.metrics.db.DatabaseTarget;
import io.vigie.agent.metrics.db.DatabaseTarget.Engine;
import io.vigie.agent.testing.Commands;
import io.vigie.agent.testing.LogCapture;
import io.vigie.agent.testing.NeedsLocalServices;
import io.vigie.agent.transport.Spool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MySQL collector against the machine's MariaDB, over its unix socket and TCP, with
 * unix_socket and mysql_native_password users created for the test (and dropped after it). The
 * values are compared with what the {@code mariadb} client reads at the same moment.
 */
@NeedsLocalServices
class MariaDbConnectionsTest {

    private static final String SOCKET = "/run/mysqld/mysqld.sock";
    private static final String SUFFIX = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    private static final String PASSWORD_USER = "vigie_test_" + SUFFIX;
    private static final String PASSWORD = "Pw-" + SUFFIX + "-s3cret";
    /** The system user running the test: the unix_socket plugin logs it in as the same database user. */
    private static final String SYSTEM_USER = System.getProperty("user.name");

    @TempDir
    static Path dir;

    @BeforeAll
    static void createUsers() {
        sql("CREATE USER '" + PASSWORD_USER + "'@'localhost' IDENTIFIED BY '" + PASSWORD + "';"
                + "CREATE USER '" + PASSWORD_USER + "'@'127.0.0.1' IDENTIFIED BY '" + PASSWORD + "';"
                + "CREATE USER '" + SYSTEM_USER + "'@'localhost' IDENTIFIED VIA unix_socket");
    }

    @AfterAll
    static void dropUsers() {
        sql("DROP USER IF EXISTS '" + PASSWORD_USER + "'@'localhost', '" + PASSWORD_USER + "'@'127.0.0.1', '"
                + SYSTEM_USER + "'@'localhost'");
    }

    @Test
    void overTheSocketTheSystemUserNeedsNoPasswordAndReadsWhatTheClientReads() {
        assertReadsWhatTheClientReads(target("unix:" + SOCKET, SYSTEM_USER, Optional.empty()));
    }

    @Test
    void aPasswordUserReadsWhatTheClientReadsOverTcpAndTheSocket() throws IOException {
        Path file = passwordFile(PASSWORD);
        assertReadsWhatTheClientReads(target("127.0.0.1:3306", PASSWORD_USER, Optional.of(file)));
        assertReadsWhatTheClientReads(target("unix:" + SOCKET, PASSWORD_USER, Optional.of(file)));
    }

    @Test
    void aWrongPasswordIsLoggedOnceWithoutThePasswordAndTheFixedFileIsReadAtTheNextRound() throws IOException {
        Path file = passwordFile("wrong-" + PASSWORD);
        Collector collector = target("127.0.0.1:3306", PASSWORD_USER, Optional.of(file));
        try (LogCapture log = LogCapture.of(Metrics.class.getName());
             Spool spool = Spool.open(dir.resolve("spool"), Spool.DEFAULT_MAX_BYTES, Clock.systemUTC());
             Metrics metrics = new Metrics(spool, List.of(collector), Clock.systemUTC(), Duration.ofSeconds(1))) {
            metrics.collect();
            metrics.collect();
            Files.writeString(file, PASSWORD + "\n");
            metrics.collect();

            assertThat(log.lines()).filteredOn(line -> line.contains("level=WARN")).singleElement()
                    .satisfies(line -> assertThat(line).contains("event=metrics.collector-failed", "collector=mysql",
                            "127.0.0.1:3306 refused: error 1045: Access denied for user '" + PASSWORD_USER + "'"));
            assertThat(log.lines()).noneMatch(line -> line.contains(PASSWORD))
                    .anySatisfy(line -> assertThat(line).contains("level=INFO", "event=metrics.collector-recovered",
                            "collector=mysql"));
            assertThat(spool.pendingCount()).isOne();
        }
    }

    @Test
    void aUnixSocketUserIsRefusedOverTcp() {
        Collector collector = target("127.0.0.1:3306", SYSTEM_USER, Optional.empty());

        // 1045 (access denied) or 1698 (access denied without password), depending on the accounts the
        // server holds for this OS user: both are the server refusing the login.
        assertThatThrownBy(() -> collector.collect(new SampleSink()))
                .isInstanceOf(IOException.class).hasMessageMatching(".*refused: error (1045|1698): Access denied.*");
    }

    /**
     * Reads the server with the client, the collector, then the client again, until both client
     * readings agree (other tests may connect meanwhile): the collector must have read the same.
     * Each reader counts its own connection in {@code Threads_connected}, so they read the same
     * number.
     */
    private static void assertReadsWhatTheClientReads(Collector collector) {
        for (int attempt = 0; attempt < 20; attempt++) {
            List<String> before = clientReading();
            List<String> collected = Fixtures.collect(collector);
            if (before.equals(clientReading())) {
                assertThat(collected).containsExactlyElementsOf(before);
                return;
            }
        }
        fail("the server's connections kept changing");
    }

    private static List<String> clientReading() {
        String[] values = sql("SELECT (SELECT variable_value FROM information_schema.global_status "
                + "WHERE variable_name = 'THREADS_CONNECTED'), (SELECT variable_value FROM "
                + "information_schema.global_status WHERE variable_name = 'MAX_USED_CONNECTIONS'), "
                + "@@GLOBAL.max_connections").split("\t");
        assertThat(values).hasSize(3);
        return List.of("mysql_global_status_threads_connected " + values[0],
                "mysql_global_status_max_used_connections " + values[1],
                "mysql_global_variables_max_connections " + values[2]);
    }

    private static Collector target(String address, String user, Optional<Path> passwordFile) {
        return new DatabaseTarget(Engine.MYSQL, DatabaseAddress.parse(address, 3306), user, passwordFile).collector();
    }

    private static Path passwordFile(String password) throws IOException {
        Path file = Files.writeString(dir.resolve("mysql-" + ThreadLocalRandom.current().nextInt() + ".password"),
                password + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        return file;
    }

    private static String sql(String statements) {
        return Commands.run("mariadb", "--protocol=socket", "--socket=" + SOCKET, "--user=root", "--batch",
                "--skip-column-names", "--execute=" + statements);
    }
}
