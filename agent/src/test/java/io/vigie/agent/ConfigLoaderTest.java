package io.vigie.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigie.agent.metrics.StatusPages;
import io.vigie.agent.metrics.db.DatabaseAddress;
import io.vigie.agent.metrics.db.DatabaseTarget;
import io.vigie.agent.metrics.db.DatabaseTarget.Engine;
import io.vigie.agent.transport.Spool;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    @Test
    void aMissingFileMeansDefaults() throws CliException {
        AgentConfig config = ConfigLoader.load(null, Map.of("VIGIE_AGENT_CONFIG", dir.resolve("absent").toString()));

        assertThat(config).isEqualTo(new AgentConfig(Path.of("/var/lib/vigie-agent"), Optional.empty(),
                Duration.ofSeconds(30), Spool.DEFAULT_MAX_BYTES, Level.INFO, StatusPages.NONE, List.of(), true,
                AgentConfig.Detect.DEFAULT));
    }

    @Test
    void readsEveryKeyFromTheFileAndLetsTheEnvironmentWin() throws IOException, CliException {
        Path file = Files.writeString(dir.resolve("agent.conf"), """
                # comment
                state.dir=/srv/vigie
                heartbeat.interval=PT1M
                metrics.interval=2m
                spool.max-bytes=64MiB
                log.level=debug
                nginx.status-url=http://127.0.0.1/nginx_status
                apache.status-url=http://localhost:8080/server-status?auto
                firewall.enabled=false
                detect.enabled=false
                detect.rules-dir=/srv/rules
                """);

        assertThat(ConfigLoader.load(file, Map.of())).isEqualTo(new AgentConfig(Path.of("/srv/vigie"),
                Optional.of(Duration.ofMinutes(1)), Duration.ofMinutes(2), 64L << 20, Level.FINE,
                new StatusPages(Optional.of(URI.create("http://127.0.0.1/nginx_status")),
                        Optional.of(URI.create("http://localhost:8080/server-status?auto"))), List.of(), false,
                new AgentConfig.Detect(false, Path.of("/srv/rules"))));
        assertThat(ConfigLoader.load(file, Map.of("VIGIE_AGENT_HEARTBEAT_INTERVAL", "5s",
                "VIGIE_AGENT_METRICS_INTERVAL", "1s", "VIGIE_AGENT_SPOOL_MAX_BYTES", "1GiB",
                "VIGIE_AGENT_STATE_DIR", "/tmp/s", "VIGIE_AGENT_LOG_LEVEL", "WARN",
                "VIGIE_AGENT_NGINX_STATUS_URL", "http://[::1]:81/status", "VIGIE_AGENT_APACHE_STATUS_URL", "",
                "VIGIE_AGENT_FIREWALL_ENABLED", "true", "VIGIE_AGENT_DETECT_ENABLED", "yes")))
                .isEqualTo(new AgentConfig(Path.of("/tmp/s"), Optional.of(Duration.ofSeconds(5)),
                        Duration.ofSeconds(1), 1L << 30, Level.WARNING,
                        new StatusPages(Optional.of(URI.create("http://[::1]:81/status")), Optional.empty()), List.of(),
                        true, new AgentConfig.Detect(true, Path.of("/srv/rules"))));
    }

    @Test
    void theEnvironmentCanNameTheFile() throws IOException, CliException {
        Path file = Files.writeString(dir.resolve("other.conf"), "heartbeat.interval=10s\n");

        assertThat(ConfigLoader.load(null, Map.of("VIGIE_AGENT_CONFIG", file.toString())).heartbeatInterval())
                .contains(Duration.ofSeconds(10));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "heartbeat.interval=soon      | invalid setting heartbeat.interval",
        "heartbeat.interval=500ms     | shorter than the minimum of 1s",
        "metrics.interval=often       | invalid setting metrics.interval",
        "metrics.interval=999ms       | shorter than the minimum of 1s",
        "metrics.interval=-5s         | is not a duration",
        "spool.max-bytes=12           | smaller than the minimum of 1MiB",
        "spool.max-bytes=lots         | is not a size",
        "log.level=LOUD               | unknown log level 'LOUD'",
        "nginx.status-url=http://192.0.2.7/nginx_status | invalid setting nginx.status-url",
        "nginx.status-url=http://192.0.2.7/nginx_status | not an http:// URL on this host (127.0.0.1, [::1] or localhost)",
        "nginx.status-url=https://127.0.0.1/status      | not an http:// URL on this host",
        "apache.status-url=127.0.0.1/server-status      | invalid setting apache.status-url",
        "apache.status-url=http://user:pw@localhost/s   | not an http:// URL on this host",
        "apache.status-url=http://local host/           | not an http:// URL on this host",
        "heartbeat.intervall=30s      | unknown setting 'heartbeat.intervall'",
        "mysql.address=10.0.0.5:3306  | is not a local address",
        "mysql.address=db.example     | is not a local address",
        "mysql.address=127.0.0.1:99999 | the port must be a number from 1 to 65535",
        "mysql.address=unix:mysqld.sock | the socket path must be absolute",
        "postgresql.address=[::1      | is not an address",
        "postgresql.password-file=pw  | is not an absolute path",
        "postgresql.user=vigie-agent  | postgresql.user and postgresql.password-file need postgresql.address",
        "mysql.socket=/run/mysqld/mysqld.sock | unknown setting 'mysql.socket'",
        "firewall.enabled=maybe       | is not true or false",
        "detect.enabled=maybe         | is not true or false",
        "detect.rules-dir=detect.d    | invalid setting detect.rules-dir"})
    void aWrongSettingIsAUsageErrorNamingItsKeyAndSource(String line, String message) throws IOException {
        Path file = Files.writeString(dir.resolve("agent.conf"), line + "\n");

        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
                .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(2))
                .hasMessageContaining(message)
                .hasMessageContaining(file.toString());
    }

    @Test
    void theMetricsIntervalDefaultsTo30sAndTheEnvironmentOverridesIt() throws IOException, CliException {
        Path file = Files.writeString(dir.resolve("agent.conf"), "metrics.interval=10s\n");

        assertThat(ConfigLoader.load(null, Map.of("VIGIE_AGENT_CONFIG", dir.resolve("absent").toString()))
                .metricsInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(ConfigLoader.load(file, Map.of()).metricsInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(ConfigLoader.load(file, Map.of("VIGIE_AGENT_METRICS_INTERVAL", "PT45S")).metricsInterval())
                .isEqualTo(Duration.ofSeconds(45));
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of("VIGIE_AGENT_METRICS_INTERVAL", "0s")))
                .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(2))
                .hasMessage("invalid setting metrics.interval (from VIGIE_AGENT_METRICS_INTERVAL): "
                        + "'0s' is shorter than the minimum of 1s");
    }

    @Test
    void aWrongEnvironmentVariableIsNamed() {
        assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("absent"), Map.of()))
                .hasMessageContaining("configuration file not found");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("VIGIE_AGENT_CONFIG", dir.resolve("absent").toString(),
                "VIGIE_AGENT_SPOOL_MAX_BYTES", "12")))
                .hasMessageContaining("spool.max-bytes").hasMessageContaining("VIGIE_AGENT_SPOOL_MAX_BYTES");
    }

    @Test
    void databasesAreOffUnlessTheirAddressIsSetAndTheUserDefaultsToTheAgentsSystemUser()
            throws IOException, CliException {
        assertThat(ConfigLoader.load(null, Map.of("VIGIE_AGENT_CONFIG", dir.resolve("absent").toString())).databases())
                .isEmpty();
        Path file = Files.writeString(dir.resolve("agent.conf"), """
                mysql.address=unix:/run/mysqld/mysqld.sock
                postgresql.address=127.0.0.1
                postgresql.user=monitor
                postgresql.password-file=/etc/vigie/postgresql.password
                """);

        assertThat(ConfigLoader.load(file, Map.of("VIGIE_AGENT_MYSQL_ADDRESS", "[::1]:3307")).databases())
                .containsExactly(
                        new DatabaseTarget(Engine.MYSQL, DatabaseAddress.parse("[::1]:3307", 3306), "vigie-agent",
                                Optional.empty()),
                        new DatabaseTarget(Engine.POSTGRESQL, DatabaseAddress.parse("127.0.0.1:5432", 5432), "monitor",
                                Optional.of(Path.of("/etc/vigie/postgresql.password"))))
                .extracting(target -> target.address().toString())
                .containsExactly("[::1]:3307", "127.0.0.1:5432");
        assertThat(ConfigLoader.load(file, Map.of()).databases().getFirst().address())
                .hasToString("unix:/run/mysqld/mysqld.sock");
        assertThat(DatabaseAddress.parse("localhost", 5432)).hasToString("localhost:5432");
        assertThat(DatabaseAddress.parse("::1", 3306)).hasToString("[::1]:3306");
    }

    @Test
    void theShippedFileMeansDefaultsAndItsDatabaseExamplesParseOnceUncommented() throws IOException, CliException {
        Path shipped = Path.of("../deploy/agent/agent.conf");
        assertThat(ConfigLoader.load(shipped, Map.of())).isEqualTo(
                ConfigLoader.load(null, Map.of("VIGIE_AGENT_CONFIG", dir.resolve("absent").toString())));

        Path detect = Files.writeString(dir.resolve("detect.conf"), Files.readAllLines(shipped).stream()
                .filter(line -> line.startsWith("#detect.")).map(line -> line.substring(1) + "\n")
                .reduce("", String::concat));
        assertThat(Files.readString(detect)).contains("detect.enabled", "detect.rules-dir");
        assertThat(ConfigLoader.load(detect, Map.of()).detect()).isEqualTo(AgentConfig.Detect.DEFAULT);

        Path uncommented = Files.writeString(dir.resolve("agent.conf"), Files.readAllLines(shipped).stream()
                .filter(line -> line.matches("#(mysql|postgresql)\\..*=.*")).map(line -> line.substring(1) + "\n")
                .reduce("", String::concat));
        assertThat(ConfigLoader.load(uncommented, Map.of()).databases()).hasSize(2)
                .allSatisfy(target -> assertThat(target.user()).isEqualTo("vigie-agent"))
                .extracting(target -> target.address().toString())
                .containsExactly("unix:/run/mysqld/mysqld.sock", "unix:/var/run/postgresql/.s.PGSQL.5432");
    }

    @Test
    void parsesDurationsAndSizesInEveryDocumentedForm() {
        assertThat(Settings.parseDuration("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Settings.parseDuration("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Settings.parseDuration("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Settings.parseDuration("1500ms")).isEqualTo(Duration.ofMillis(1500));
        assertThat(Settings.parseDuration("pt30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Settings.parseSize("1048576")).isEqualTo(1L << 20);
        assertThat(Settings.parseSize("64KiB")).isEqualTo(64L << 10);
        assertThat(Settings.parseSize("256 MiB")).isEqualTo(256L << 20);
        assertThat(Settings.parseSize("2G")).isEqualTo(2L << 30);
        assertThatThrownBy(() -> Settings.parseSize("99999999999999GiB")).hasMessageContaining("too large");
        assertThat(ConfigLoader.envName("spool.max-bytes")).isEqualTo("VIGIE_AGENT_SPOOL_MAX_BYTES");
    }
}
