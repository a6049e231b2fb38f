package io.vigie.server.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

import com.sun.net.httpserver.HttpServer;

import io.vigie.server.IntegrationTest;
import io.vigie.server.clients.Client;
import io.vigie.server.clients.ClientDetails;
import io.vigie.server.clients.ClientService;
import io.vigie.server.incidents.Incident;
import io.vigie.server.incidents.IncidentService;
import io.vigie.server.platform.InvalidInputException;
import io.vigie.server.users.CurrentUser;
import io.vigie.server.users.Role;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Incident notifications through the outbox to real HTTP endpoints on loopback: delivered once per
 * change, retried with back-off while the endpoint fails, in French by default.
 */
class NotificationDeliveryTest extends IntegrationTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    JsonMapper json;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ClientService clients;
    @Autowired
    NotificationService channels;
    @Autowired
    NotificationDelivery delivery;
    @Autowired
    IncidentService incidents;

    HttpServer endpoint;
    final List<String> received = new CopyOnWriteArrayList<>();
    final AtomicInteger failuresLeft = new AtomicInteger();
    CurrentUser operator;
    Client client;

    @BeforeEach
    void endpoint() throws IOException {
        endpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        endpoint.createContext("/hook", exchange -> {
            received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(failuresLeft.getAndDecrement() > 0 ? 503 : 204, -1);
            exchange.close();
        });
        endpoint.start();
        operator = newUser(Role.OPERATOR, null);
        client = clients.create(new ClientDetails("Notifications " + UUID.randomUUID(), null, null, null, null, null,
                null, "FR"));
        // Outbox rows of other tests' incidents must not reach this test's endpoint: they have their own channels.
        delivery.deliverDue();
    }

    @AfterEach
    void stop() {
        endpoint.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + endpoint.getAddress().getPort() + "/hook";
    }

    private Incident open(String key) {
        return incidents.open(new Incident.Opening(client.id(), null, null, key, Incident.Kind.ALERT,
                Incident.Severity.CRITICAL, "Disk used on web1", "93.0% >= 90.0% for 5 min"));
    }

    private void makeDue() {
        jdbc.sql("update notification_outbox set next_attempt_at = now() where delivered_at is null").update();
    }

    @Test
    void aNotificationIsRetriedWhileTheEndpointFailsThenDeliveredOnce() throws Exception {
        channels.create(new NotificationService.NewChannel(client.id(), NotificationChannel.Type.WEBHOOK, url(),
                "Astreinte"), operator);
        failuresLeft.set(2);
        Incident incident = open("test:" + UUID.randomUUID());

        assertThat(delivery.deliverDue()).isZero();
        assertThat(delivery.deliverDue()).as("not due again before its back-off").isZero();
        assertThat(received).hasSize(1);
        makeDue();
        assertThat(delivery.deliverDue()).isZero();
        makeDue();
        assertThat(delivery.deliverDue()).isEqualTo(1);
        makeDue();
        assertThat(delivery.deliverDue()).as("delivered: never sent again").isZero();
        assertThat(received).hasSize(3);

        JsonNode body = json.readTree(received.getLast());
        assertThat(body.get("event").asString()).isEqualTo("opened");
        assertThat(body.get("incidentId").asString()).isEqualTo(incident.id().toString());
        assertThat(body.get("title").asString()).isEqualTo("Disk used on web1");
        assertThat(body.get("text").asString())
                .isEqualTo("[CRITIQUE] Incident ouvert : Disk used on web1 (93.0% >= 90.0% for 5 min)");
        assertThat(jdbc.sql("select attempts from notification_outbox o join incident_events e on e.id = o.event_id"
                + " where e.incident_id = ?").param(incident.id()).query(Integer.class).single()).isEqualTo(3);
    }

    @Test
    void eachStateChangeIsNotifiedOnceToEveryChannelOfTheClient() throws Exception {
        channels.create(new NotificationService.NewChannel(client.id(), NotificationChannel.Type.SLACK, url(),
                "Slack"), operator);
        channels.create(new NotificationService.NewChannel(client.id(), NotificationChannel.Type.TEAMS, url(),
                "Teams"), operator);
        String key = "test:" + UUID.randomUUID();
        Incident incident = open(key);
        assertThat(open(key).id()).as("the same cause while open is the same incident").isEqualTo(incident.id());
        incidents.acknowledge(incident.id(), operator);
        incidents.resolve(key, "40.0% < 85.0%");

        assertThat(delivery.deliverDue()).isEqualTo(6);
        assertThat(received).hasSize(6).allSatisfy(b -> assertThat(json.readTree(b).propertyNames())
                .containsExactly("text"));
        assertThat(received).extracting(b -> json.readTree(b).get("text").asString()).anySatisfy(
                t -> assertThat(t).startsWith("[CRITIQUE] Incident pris en charge : Disk used on web1"))
                .anySatisfy(t -> assertThat(t).isEqualTo("[CRITIQUE] Incident résolu : Disk used on web1 (40.0% < 85.0%)"));
    }

    @Test
    void channelsAreValidatedAndBackOffDoublesUpToAnHour() {
        assertThatThrownBy(() -> channels.create(new NotificationService.NewChannel(client.id(),
                NotificationChannel.Type.WEBHOOK, "ftp://example.test/x", null), operator))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("http");
        assertThatThrownBy(() -> channels.create(new NotificationService.NewChannel(client.id(),
                NotificationChannel.Type.EMAIL, "not an address", null), operator))
                .isInstanceOf(InvalidInputException.class);
        assertThat(List.of(1, 2, 3, 9, 10, 50)).extracting(NotificationDelivery::backoff).containsExactly(
                Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(40), Duration.ofSeconds(2560),
                Duration.ofHours(1), Duration.ofHours(1));
    }

    @Test
    void clientsSeeTheirIncidentsWithTheTimelineAndOnlyStaffAcknowledge() throws Exception {
        Incident incident = open("test:" + UUID.randomUUID());
        CurrentUser user = newUser(Role.CLIENT, client.id());
        mvc.perform(get("/api/v1/incidents/" + incident.id()).with(as(user))).andExpect(status().isOk())
                .andExpect(jsonPath("$.incident.title").value("Disk used on web1"))
                .andExpect(jsonPath("$.timeline[0].type").value("opened"));
        mvc.perform(post("/api/v1/incidents/" + incident.id() + "/acknowledge").with(as(user)).with(csrf()))
                .andExpect(status().isForbidden());
        mvc.perform(post("/api/v1/incidents/" + incident.id() + "/acknowledge").with(as(operator)).with(csrf()))
                .andExpect(status().isOk()).andExpect(jsonPath("$.state").value("ACKNOWLEDGED"));
        mvc.perform(post("/api/v1/incidents/" + incident.id() + "/acknowledge").with(as(operator)).with(csrf()))
                .andExpect(status().isConflict());
        CurrentUser stranger = newUser(Role.CLIENT, clients.create(new ClientDetails("Autre " + UUID.randomUUID(),
                null, null, null, null, null, null, "FR")).id());
        mvc.perform(get("/api/v1/incidents/" + incident.id()).with(as(stranger))).andExpect(status().isNotFound());
    }
}
