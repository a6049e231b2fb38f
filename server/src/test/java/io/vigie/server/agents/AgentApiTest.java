package io.vigie.server.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

import io.vigie.protocol.AgentProtocol;
import io.vigie.protocol.BatchReceipt;
import io.vigie.protocol.EnrollmentRequest;
import io.vigie.protocol.EnrollmentResponse;
import io.vigie.protocol.Envelope;
import io.vigie.protocol.Heartbeat;
import io.vigie.protocol.HostFacts;
import io.vigie.protocol.MessageBatch;
import io.vigie.server.IntegrationTest;
import io.vigie.server.audit.AuditQuery;
import io.vigie.server.audit.AuditService;
import io.vigie.server.clients.ClientDetails;
import io.vigie.server.clients.ClientService;
import io.vigie.server.platform.tls.AgentEndpoint;
import io.vigie.server.servers.Server;
import io.vigie.server.servers.ServerDetails;
import io.vigie.server.servers.ServerRole;
import io.vigie.server.servers.ServerService;
import io.vigie.server.users.CurrentUser;
import io.vigie.server.users.Role;
import tools.jackson.databind.json.JsonMapper;

/**
 * The agent API through the whole web stack (security chains, port filter, controllers, SQL):
 * enrollment and its refusals, heartbeats, idempotent replay. That the agent API is served only
 * on the agent TLS port is proved over real sockets by the TLS connector test.
 */
class AgentApiTest extends IntegrationTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    JsonMapper json;
    @Autowired
    AgentEndpoint endpoint;
    @Autowired
    ClientService clients;
    @Autowired
    ServerService servers;
    @Autowired
    EnrollmentService enrollment;
    @Autowired
    AgentStatusService statuses;
    @Autowired
    AuditService audit;
    @Autowired
    JdbcClient jdbc;

    CurrentUser operator;
    Server server;

    @BeforeEach
    void setUp() {
        operator = newUser(Role.OPERATOR, null);
        var client = clients.create(new ClientDetails("Agent test " + UUID.randomUUID(), null, null, null, null, null,
                null, "FR"));
        server = servers.create(new ServerDetails(client.id(), null, "agent-test.example.test", ServerRole.PRODUCTION,
                null, null, null, null, List.of(), null));
    }

    private ResultActions post(String path, byte[] body, String authorization, boolean gzip) throws Exception {
        var request = MockMvcRequestBuilders.post(path).contentType(MediaType.APPLICATION_JSON).content(body)
                .with(r -> {
                    r.setRemoteAddr("192.0.2.10");
                    return r;
                });
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (gzip) {
            request.header("Content-Encoding", "gzip");
        }
        return mvc.perform(request);
    }

    private EnrollmentResponse enroll(String token) throws Exception {
        String body = post(AgentProtocol.ENROLL_PATH, json.writeValueAsBytes(new EnrollmentRequest(token, "1.0", facts("v1"))),
                null, false).andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        return json.readValue(body, EnrollmentResponse.class);
    }

    private static HostFacts facts(String kernel) {
        return new HostFacts("agent-test", "Debian GNU/Linux", "12", kernel, "x86_64", 100, "CPU", 2, 1L << 30, 0,
                List.of(), List.of(), "1.0");
    }

    private static byte[] gzip(byte[] data) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    @Test
    void enrollmentThenHeartbeatsMakeTheServerOnlineAndReplaysCountOnce() throws Exception {
        EnrollmentGrant grant = enrollment.issue(server.id(), operator);
        assertThat(grant.command()).contains("--token " + grant.token()).contains(endpoint.caFingerprint());
        EnrollmentResponse identity = enroll(grant.token());
        String auth = AgentProtocol.authorization(identity.agentId(), identity.secret());

        Instant observed = Instant.now();
        Envelope first = new Envelope(UUID.randomUUID(), 1, "heartbeat", observed, new Heartbeat(observed, facts("v2")));
        Envelope older = new Envelope(UUID.randomUUID(), 2, "heartbeat", observed,
                new Heartbeat(observed.minusSeconds(600), facts("old")));
        byte[] batch = gzip(json.writeValueAsBytes(new MessageBatch(AgentProtocol.VERSION, List.of(first, older))));

        String receipt1 = post(AgentProtocol.MESSAGES_PATH, batch, auth, true).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(json.readValue(receipt1, BatchReceipt.class).accepted()).containsExactly(first.id(), older.id());
        String receipt2 = post(AgentProtocol.MESSAGES_PATH, batch, auth, true).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(json.readValue(receipt2, BatchReceipt.class).duplicates()).containsExactly(first.id(), older.id());

        assertThat(jdbc.sql("select count(*) from heartbeats where server_id = ?").param(server.id())
                .query(Long.class).single()).isEqualTo(2);
        AgentStatus status = statuses.status(server.id());
        assertThat(status.state()).isEqualTo(AgentStatus.State.ONLINE);
        assertThat(status.facts().kernel()).as("an older heartbeat never overwrites newer facts").isEqualTo("v2");
    }

    @Test
    void anAgentClockTenMinutesOffIsDetectedAndShown() throws Exception {
        EnrollmentResponse identity = enroll(enrollment.issue(server.id(), operator).token());
        String auth = AgentProtocol.authorization(identity.agentId(), identity.secret());
        Instant ahead = Instant.now().plus(Duration.ofMinutes(10));
        post(AgentProtocol.MESSAGES_PATH, json.writeValueAsBytes(new MessageBatch(AgentProtocol.VERSION, ahead,
                List.of(new Envelope(UUID.randomUUID(), 1, "heartbeat", ahead, new Heartbeat(ahead, facts("v1")))))),
                auth, false).andExpect(status().isOk());

        AgentStatus status = statuses.status(server.id());
        assertThat(status.clockOff()).isTrue();
        assertThat(status.clockSkew()).isBetween(Duration.ofSeconds(590), Duration.ofSeconds(600));
        assertThat(mvc.perform(get("/servers/" + server.id() + "/agent").with(as(operator))).andReturn().getResponse()
                .getContentAsString()).contains("id=\"agent-clock\"", "En avance de 0 h 10 min");

        post(AgentProtocol.MESSAGES_PATH, json.writeValueAsBytes(new MessageBatch(AgentProtocol.VERSION, Instant.now(),
                List.of())), auth, false).andExpect(status().isOk());
        assertThat(statuses.status(server.id()).clockOff()).as("the clock was fixed").isFalse();
    }

    @Test
    void malformedAndUnknownMessagesAreRejectedOneByOne() throws Exception {
        EnrollmentResponse identity = enroll(enrollment.issue(server.id(), operator).token());
        String auth = AgentProtocol.authorization(identity.agentId(), identity.secret());
        Envelope unknown = new Envelope(UUID.randomUUID(), 1, "teleport", Instant.now(), "x");
        Envelope malformed = new Envelope(UUID.randomUUID(), 2, "heartbeat", Instant.now(), "not a heartbeat");
        byte[] batch = json.writeValueAsBytes(new MessageBatch(AgentProtocol.VERSION, List.of(unknown, malformed)));
        String body = post(AgentProtocol.MESSAGES_PATH, batch, auth, false).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        BatchReceipt receipt = json.readValue(body, BatchReceipt.class);
        assertThat(receipt.rejected()).extracting(BatchReceipt.Rejection::id).containsExactly(unknown.id(), malformed.id());
        assertThat(receipt.accepted()).isEmpty();
    }

    @Test
    void badCredentialsAndBodiesGetProblems() throws Exception {
        byte[] batch = json.writeValueAsBytes(new MessageBatch(AgentProtocol.VERSION, List.of()));
        post(AgentProtocol.MESSAGES_PATH, batch, "Bearer " + UUID.randomUUID() + ".nope", false)
                .andExpect(status().isUnauthorized()).andExpect(jsonPath("$.detail").exists());
        EnrollmentResponse identity = enroll(enrollment.issue(server.id(), operator).token());
        String auth = AgentProtocol.authorization(identity.agentId(), identity.secret());
        post(AgentProtocol.MESSAGES_PATH, "{not json".getBytes(), auth, false).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith("malformed batch")));
        post(AgentProtocol.MESSAGES_PATH, "plain".getBytes(), auth, true).andExpect(status().isBadRequest());
    }

    @Test
    void unknownReusedAndExpiredTokensAreRefusedClearlyAuditedAndWriteNothing() throws Exception {
        long agentsBefore = jdbc.sql("select count(*) from agents").query(Long.class).single();

        refused("vigenr_unknown", 401, "unknown enrollment token");

        EnrollmentGrant used = enrollment.issue(server.id(), operator);
        enroll(used.token());
        long agentsAfterOne = jdbc.sql("select count(*) from agents").query(Long.class).single();
        assertThat(agentsAfterOne).isEqualTo(agentsBefore + 1);
        refused(used.token(), 409, "enrollment token already used");

        EnrollmentGrant expired = enrollment.issue(server.id(), operator);
        jdbc.sql("update enrollment_tokens set expires_at = now() - interval '1 minute' where expires_at = ?")
                .param(java.sql.Timestamp.from(expired.expiresAt())).update();
        refused(expired.token(), 410, "enrollment token expired");

        assertThat(jdbc.sql("select count(*) from agents").query(Long.class).single()).isEqualTo(agentsAfterOne);
        var refusals = audit.search(new AuditQuery(null, "agent.enrollment.refused", null, null, null, null, 50), operator);
        assertThat(refusals).extracting(e -> e.summary())
                .anyMatch(s -> s.startsWith("unknown enrollment token"))
                .anyMatch(s -> s.startsWith("enrollment token already used"))
                .anyMatch(s -> s.startsWith("enrollment token expired"));
    }

    private void refused(String token, int expectedStatus, String detail) throws Exception {
        post(AgentProtocol.ENROLL_PATH, json.writeValueAsBytes(new EnrollmentRequest(token, "1.0", null)), null, false)
                .andExpect(status().is(expectedStatus))
                .andExpect(jsonPath("$.detail").value(detail));
    }
}
