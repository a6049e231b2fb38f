package io.vigie.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigie.agent.facts.FactsCollector;
import io.vigie.agent.metrics.StatusPages;
import io.vigie.agent.testing.FakeControlPlane;
import io.vigie.agent.testing.StatusPageServer;
import io.vigie.agent.testing.TestPki;
import io.vigie.agent.transport.Backoff;
import io.vigie.agent.transport.Json;
import io.vigie.agent.transport.Spool;
import io.vigie.protocol.EnrollmentResponse;
import io.vigie.protocol.Envelope;
import io.vigie.protocol.Heartbeat;
import io.vigie.protocol.MetricSamples;
import io.vigie.protocol.SecurityAlert;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentRuntimeTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T10:15:30Z"), ZoneOffset.UTC);
    private static final String NGINX_STATUS = """
            Active connections: 2\s
            server accepts handled requests
             10 10 25\s
            Reading: 0 Writing: 1 Waiting: 1\s
            """;

    @TempDir
    Path dir;

    @Test
    void sendsHeartbeatsAndMetricsOfThisHostAndStopsWithAConsistentSpool() throws Exception {
        TestPki pki = TestPki.create();
        try (FakeControlPlane controlPlane = new FakeControlPlane(pki).start();
             StatusPageServer nginx = StatusPageServer.start().serve(200, NGINX_STATUS)) {
            EnrollmentResponse given = controlPlane.identity();
            AgentIdentity identity = new AgentIdentity(controlPlane.url(), pki.caFingerprint().toString(),
                    given.agentId(), given.secret(), given.serverId(), 30, CLOCK.instant());
            AgentConfig config = new AgentConfig(dir, Optional.of(Duration.ofSeconds(1)), Duration.ofSeconds(1),
                    Spool.DEFAULT_MAX_BYTES, Level.INFO,
                    new StatusPages(Optional.of(nginx.url("/nginx_status")), Optional.empty()), List.of(), false,
                    new AgentConfig.Detect(true, dir.resolve("detect.d")));

            try (AgentRuntime agent = AgentRuntime.start(config, identity, FactsCollector.ofThisHost("test")::collect,
                    CLOCK, new Backoff(Duration.ofMillis(50), Duration.ofMillis(500), new SplittableRandom(2)))) {
                await().atMost(Duration.ofSeconds(30)).until(() -> controlPlane.accepted().stream()
                        .map(Envelope::type).distinct().count() == 2);
                assertThat(agent.spool().lastSequence()).isGreaterThanOrEqualTo(2);
            }

            assertThat(controlPlane.accepted()).extracting(Envelope::type).containsOnly("heartbeat", "metrics");
            Heartbeat heartbeat = Json.mapper().convertValue(first(controlPlane, "heartbeat").payload(),
                    Heartbeat.class);
            assertThat(heartbeat.observedAt()).isEqualTo(CLOCK.instant());
            assertThat(heartbeat.facts().kernel()).isEqualTo(System.getProperty("os.version"));
            assertThat(heartbeat.facts().agentVersion()).isEqualTo("test");
            MetricSamples metrics = Json.mapper().convertValue(first(controlPlane, "metrics").payload(),
                    MetricSamples.class);
            assertThat(metrics.observedAt()).isEqualTo(CLOCK.instant());
            assertThat(metrics.samples()).extracting(MetricSamples.Sample::name)
                    .contains("node_cpu_seconds_total", "node_load1", "node_memory_MemTotal_bytes",
                            "nginx_connections_active");
            // Nothing lost: every message ever spooled was either received or is still pending (a
            // message received just as the agent stopped may be both: it will come as a duplicate).
            try (Spool reopened = Spool.open(config.spoolDir(), Spool.DEFAULT_MAX_BYTES, CLOCK)) {
                Set<Long> sequences = new TreeSet<>();
                controlPlane.accepted().forEach(e -> sequences.add(e.sequence()));
                reopened.peek(Integer.MAX_VALUE, Long.MAX_VALUE).forEach(e -> sequences.add(e.sequence()));
                assertThat(sequences).containsExactlyElementsOf(
                        LongStream.rangeClosed(1, reopened.lastSequence()).boxed().toList());
            }
        }
    }

    @Test
    void aDetectionReachesTheControlPlaneAsASecurityAlert() throws Exception {
        TestPki pki = TestPki.create();
        Path log = Files.createFile(dir.resolve("app.log"));
        Files.createDirectories(dir.resolve("detect.d"));
        Files.writeString(dir.resolve("detect.d/app.yaml"), """
                name: app-login-failure
                description: Failed logins of a test application
                sources:
                  files: [%s]
                patterns:
                  - 'login failed for \\S{1,64} from (?<ip>[0-9A-Fa-f.:]{3,45})'
                scenario:
                  capacity: 2
                  leak: 1/1h
                ban:
                  duration: 2h
                  scope: address
                """.formatted(log));
        try (FakeControlPlane controlPlane = new FakeControlPlane(pki).start()) {
            EnrollmentResponse given = controlPlane.identity();
            AgentIdentity identity = new AgentIdentity(controlPlane.url(), pki.caFingerprint().toString(),
                    given.agentId(), given.secret(), given.serverId(), 30, CLOCK.instant());
            AgentConfig config = new AgentConfig(dir, Optional.of(Duration.ofSeconds(30)), Duration.ofSeconds(30),
                    Spool.DEFAULT_MAX_BYTES, Level.INFO, StatusPages.NONE, List.of(), false,
                    new AgentConfig.Detect(true, dir.resolve("detect.d")));

            try (AgentRuntime agent = AgentRuntime.start(config, identity, FactsCollector.ofThisHost("test")::collect,
                    CLOCK, new Backoff(Duration.ofMillis(50), Duration.ofMillis(500), new SplittableRandom(2)))) {
                await().atMost(Duration.ofSeconds(10)).until(() -> !controlPlane.accepted().isEmpty());
                Files.writeString(log, "login failed for bob from 203.0.113.9\n".repeat(3), StandardOpenOption.APPEND);
                await().atMost(Duration.ofSeconds(30)).until(() -> controlPlane.accepted().stream()
                        .anyMatch(e -> e.type().equals("security-alert")));
            }

            SecurityAlert alert = Json.mapper().convertValue(first(controlPlane, "security-alert").payload(),
                    SecurityAlert.class);
            assertThat(alert.rule()).isEqualTo("app-login-failure");
            assertThat(alert.address()).isEqualTo("203.0.113.9");
            assertThat(alert.banSeconds()).isEqualTo(7200);
            assertThat(alert.events()).isEqualTo(3);
            assertThat(alert.samples()).isNotEmpty()
                    .allSatisfy(line -> assertThat(line).isEqualTo("login failed for bob from 203.0.113.9"));
        }
    }

    private static Envelope first(FakeControlPlane controlPlane, String type) {
        return controlPlane.accepted().stream().filter(e -> e.type().equals(type)).findFirst().orElseThrow();
    }
}
