package io.vigie.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.sun.net.httpserver.HttpServer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Alert latency with the real programs (issue 3, MON-4 and MON-5): a control plane evaluating rules
 * every 10 s, an enrolled agent sending metrics every 2 s, and a webhook on loopback receiving the
 * notifications.
 * <ul>
 * <li>A CPU threshold (overridden to fire at any load, {@code for} 20 s) opens an incident no
 * sooner than its {@code for} and no later than its {@code for} plus one evaluation interval after
 * the threshold was crossed; the webhook is notified.</li>
 * <li>An uptime monitor at the default 60 s interval on a local HTTP server: the server goes down,
 * and the webhook is notified of the outage within 90 s.</li>
 * </ul>
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class AlertLatencyTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration EVALUATION = Duration.ofSeconds(10);
    private static final Duration FOR = Duration.ofSeconds(20);
    /** db-scheduler polls every second and runs the next evaluation 10 s after the previous one ended. */
    private static final Duration SCHEDULING_JITTER = Duration.ofSeconds(5);

    private static ControlPlaneProcess controlPlane;
    private static AgentProcess agent;
    private static VigieApi api;
    private static HttpServer webhook;
    private static HttpServer application;
    private static UUID clientId;
    private static UUID serverId;
    private static final List<Notification> notifications = new CopyOnWriteArrayList<>();

    private record Notification(Instant at, JsonNode body) {
    }

    @BeforeAll
    static void start() throws IOException {
        webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/hook", exchange -> {
            notifications.add(new Notification(Instant.now(), JSON.readTree(exchange.getRequestBody().readAllBytes())));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        webhook.start();
        application = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        application.createContext("/", exchange -> {
            byte[] body = "boutique en ligne".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        application.start();

        controlPlane = ControlPlaneProcess.start("alerts", Duration.ofSeconds(2),
                "--vigie.alerts.evaluation-interval=" + EVALUATION.toSeconds() + "s");
        api = VigieApi.asAdministrator(controlPlane);
        clientId = api.createClient("Boutique Durand " + UUID.randomUUID().toString().substring(0, 8));
        UUID contractId = api.createContract(clientId, "CT-ALERTS-" + UUID.randomUUID().toString().substring(0, 6),
                LocalDate.now());
        serverId = api.createServer(clientId, contractId, "shop.boutique-durand.test", "PRODUCTION");
        api.send("POST", "/api/v1/notification-channels", Map.of("clientId", clientId.toString(), "type", "WEBHOOK",
                "target", "http://127.0.0.1:" + webhook.getAddress().getPort() + "/hook", "label", "astreinte"), 201);
    }

    @AfterAll
    static void stop() {
        Cleanup.all(() -> {
            if (agent != null) {
                agent.close();
            }
        }, () -> {
            if (controlPlane != null) {
                controlPlane.close();
            }
        }, () -> webhook.stop(0), () -> application.stop(0));
    }

    @Test
    void aCpuThresholdOpensAnIncidentWithinItsForPlusOneEvaluationInterval() {
        Map<String, Object> override = new LinkedHashMap<>();
        override.put("clientId", clientId.toString());
        override.put("serverId", serverId.toString());
        override.put("rule", "cpu");
        override.put("enabled", true);
        override.put("threshold", 0.0);
        override.put("recovery", -1.0);
        override.put("forSeconds", FOR.toSeconds());
        api.send("PUT", "/api/v1/alert-overrides", override, 204);

        VigieApi.EnrollmentGrant grant = api.issueEnrollmentToken(serverId);
        agent = AgentProcess.create("alerts", Duration.ofSeconds(2), Duration.ofSeconds(2));
        assertThat(agent.enroll(grant.serverUrl(), grant.token(), grant.fingerprint()).exitCode()).isZero();
        agent.start();

        JsonNode incident = await("CPU incident opened").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .until(() -> incident("cpu"), Optional::isPresent).orElseThrow();
        // CPU busy is a rate: the threshold is crossed when the second round of metrics arrives.
        List<Instant> rounds = metricRounds();
        assertThat(rounds).hasSizeGreaterThanOrEqualTo(2);
        Instant crossed = rounds.get(1);
        Instant opened = Instant.parse(incident.path("openedAt").asString());
        Duration latency = Duration.between(crossed, opened);
        assertThat(latency).as("threshold crossed at %s, incident opened at %s", crossed, opened)
                // The sample was taken (on this same host) up to a second before it was received.
                .isGreaterThanOrEqualTo(FOR.minusSeconds(1))
                .isLessThanOrEqualTo(FOR.plus(EVALUATION).plus(SCHEDULING_JITTER));

        Notification sent = await("webhook notified").atMost(Duration.ofSeconds(30))
                .until(() -> notified(incident.path("id").asString(), "opened"), Optional::isPresent).orElseThrow();
        assertThat(sent.body().path("title").asString()).isEqualTo("CPU busy on shop.boutique-durand.test");
        System.out.printf("ALERT LATENCY: threshold crossed -> incident opened %d ms (for %d s, evaluation every %d s);"
                + " opened -> webhook %d ms%n", latency.toMillis(), FOR.toSeconds(), EVALUATION.toSeconds(),
                Duration.between(opened, sent.at()).toMillis());
    }

    @Test
    void anApplicationOutageIsNotifiedWithin90SecondsAtTheDefaultInterval() {
        String url = "http://127.0.0.1:" + application.getAddress().getPort() + "/";
        JsonNode monitor = api.send("POST", "/api/v1/monitors", Map.of("clientId", clientId.toString(), "type", "HTTP",
                "name", "Boutique", "target", url, "keyword", "boutique"), 201);
        String monitorId = monitor.path("id").asString();
        await("first successful check").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .until(() -> api.send("GET", "/api/v1/monitors/" + monitorId + "/results", null, 200).values().stream()
                        .anyMatch(r -> r.path("ok").asBoolean()));

        application.stop(0);
        Instant down = Instant.now();
        JsonNode incident = await("uptime incident").atMost(Duration.ofSeconds(100)).pollInterval(Duration.ofSeconds(1))
                .until(() -> incident("uptime:" + monitorId), Optional::isPresent).orElseThrow();
        Notification sent = await("webhook notified").atMost(Duration.ofSeconds(100)).pollInterval(Duration.ofMillis(500))
                .until(() -> notified(incident.path("id").asString(), "opened"), Optional::isPresent).orElseThrow();
        Duration latency = Duration.between(down, sent.at());
        assertThat(latency).as("outage at %s, notified at %s", down, sent.at()).isLessThanOrEqualTo(Duration.ofSeconds(90));
        System.out.printf("UPTIME LATENCY: outage -> webhook %d ms (interval 60 s)%n", latency.toMillis());
    }

    /** The incident whose cause contains {@code key}, among the client's incidents. */
    private static Optional<JsonNode> incident(String key) {
        return api.send("GET", "/api/v1/incidents?clientId=" + clientId, null, 200).values().stream()
                .filter(i -> i.path("dedupKey").asString().contains(key)).findFirst();
    }

    private static Optional<Notification> notified(String incidentId, String event) {
        return notifications.stream().filter(n -> n.body().path("incidentId").asString().equals(incidentId)
                && n.body().path("event").asString().equals(event)).findFirst();
    }

    /** When the control plane received each metrics round of the agent, oldest first. */
    private static List<Instant> metricRounds() {
        Instant now = Instant.now();
        return api.send("GET", "/api/v1/servers/" + serverId + "/agent-messages?from=" + now.minus(Duration.ofHours(1))
                + "&to=" + now.plusSeconds(60), null, 200).values().stream()
                .filter(m -> m.path("type").asString().equals("metrics"))
                .map(m -> Instant.parse(m.path("receivedAt").asString())).sorted().toList();
    }
}
