package io.vigie.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

import io.vigie.protocol.BatchReceipt;
import io.vigie.protocol.MessageType;
import io.vigie.protocol.SecurityAlert;
import io.vigie.server.IntegrationTest;
import io.vigie.server.TestAgent;
import io.vigie.server.agents.EnrollmentService;
import io.vigie.server.clients.Client;
import io.vigie.server.clients.ClientDetails;
import io.vigie.server.clients.ClientService;
import io.vigie.server.servers.Server;
import io.vigie.server.servers.ServerDetails;
import io.vigie.server.servers.ServerRole;
import io.vigie.server.servers.ServerService;
import io.vigie.server.users.CurrentUser;
import io.vigie.server.users.Role;
import tools.jackson.databind.json.JsonMapper;

/**
 * The detections agents report: stored once for the server's client, listed to its users and
 * staff only, and a malformed alert refused whole with a reason, nothing stored.
 */
class SecurityAlertTest extends IntegrationTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    JsonMapper json;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ClientService clients;
    @Autowired
    ServerService servers;
    @Autowired
    EnrollmentService enrollment;

    CurrentUser operator;
    Client client;
    Server server;
    TestAgent agent;

    @BeforeEach
    void enrolledServer() throws Exception {
        operator = newUser(Role.OPERATOR, null);
        client = clients.create(new ClientDetails("Sécurité " + UUID.randomUUID(), null, null, null, null, null, null,
                "FR"));
        server = servers.create(new ServerDetails(client.id(), null, "shield.example.test", ServerRole.PRODUCTION,
                null, null, null, null, List.of(), null));
        agent = TestAgent.enroll(mvc, json, enrollment, server.id(), operator);
    }

    private SecurityAlert alert(String address, Instant at, List<String> samples) {
        return new SecurityAlert("sshd-failed-password", address, false, 4 * 3600, at, 6, samples);
    }

    private long stored() {
        return jdbc.sql("select count(*) from security_alerts where server_id = ?").param(server.id())
                .query(Long.class).single();
    }

    @Test
    void aDetectionIsStoredOnceForTheClientAndListedToItsUsersOnly() throws Exception {
        Instant at = Instant.now().minusSeconds(5);
        var message = agent.message(MessageType.SECURITY_ALERT, at, alert("2001:DB8:0:0:0:0:0:7", at,
                List.of("sshd[812]: Failed password for root from 2001:db8::7 port 52144 ssh2\u0000")));
        assertThat(agent.send(List.of(message)).rejected()).isEmpty();
        assertThat(agent.send(List.of(message)).rejected()).as("the same message again").isEmpty();
        assertThat(stored()).isOne();

        CurrentUser user = newUser(Role.CLIENT, client.id());
        mvc.perform(get("/api/v1/security/alerts").with(as(user)))
                .andExpect(status().isOk()).andExpect(jsonPath("$.length()").value(1))
                .andExpect(jsonPath("$[0].address").value("2001:db8::7"))
                .andExpect(jsonPath("$[0].rule").value("sshd-failed-password"))
                .andExpect(jsonPath("$[0].banSeconds").value(14400))
                .andExpect(jsonPath("$[0].samples[0]").value(
                        "sshd[812]: Failed password for root from 2001:db8::7 port 52144 ssh2\uFFFD"));
        mvc.perform(get("/api/v1/security/alerts").param("clientId", client.id().toString()).with(as(operator)))
                .andExpect(status().isOk()).andExpect(jsonPath("$[0].serverId").value(server.id().toString()));

        Client other = clients.create(new ClientDetails("Autre " + UUID.randomUUID(), null, null, null, null, null,
                null, "FR"));
        mvc.perform(get("/api/v1/security/alerts").with(as(newUser(Role.CLIENT, other.id()))))
                .andExpect(status().isOk()).andExpect(jsonPath("$.length()").value(0));
    }

    @Test
    void aMalformedAlertIsRefusedWholeWithItsReason() throws Exception {
        Instant now = Instant.now();
        BatchReceipt receipt = agent.send(List.of(
                agent.message(MessageType.SECURITY_ALERT, now, alert("203.0.113.300", now, List.of())),
                agent.message(MessageType.SECURITY_ALERT, now, alert("203.0.113.7", now.plus(Duration.ofHours(1)),
                        List.of())),
                agent.message(MessageType.SECURITY_ALERT, now, new SecurityAlert("SSHD; drop", "203.0.113.7", false,
                        60, now, 1, List.of())),
                agent.message(MessageType.SECURITY_ALERT, now, alert("203.0.113.7", now,
                        List.of(String.join("", Collections.nCopies(513, "x")))))));
        assertThat(receipt.rejected()).extracting(BatchReceipt.Rejection::reason).satisfiesExactly(
                r -> assertThat(r).contains("address"), r -> assertThat(r).contains("at:"),
                r -> assertThat(r).contains("rule"), r -> assertThat(r).contains("samples"));
        assertThat(stored()).isZero();
    }
}
