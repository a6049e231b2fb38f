package io.vigie.systemtests;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small client of the control plane's REST API ({@code /api/v1}), authenticated with a personal
 * API token. Any answer other than the expected status fails the test with the problem body.
 */
final class VigieApi {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * @param base the control plane, e.g. {@code http://127.0.0.1:41234}
     * @param token a personal API token ({@code vig_...})
     */
    VigieApi(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    /**
     * Signs in to the console as the administrator and creates an API token there.
     *
     * @param controlPlane the running control plane
     * @return a client acting as the administrator
     */
    static VigieApi asAdministrator(ControlPlaneProcess controlPlane) {
        String token = new ConsoleSession(controlPlane.baseUri())
                .login(ControlPlaneProcess.ADMIN_EMAIL, controlPlane.adminPassword())
                .createApiToken("system tests");
        return new VigieApi(controlPlane.baseUri(), token);
    }

    /**
     * @param name the client's name
     * @return its id
     */
    UUID createClient(String name) {
        return id(send("POST", "/api/v1/clients", Map.of("name", name), 201));
    }

    /**
     * @param clientId the client
     * @param reference the contract's reference
     * @param startDate its start
     * @return its id
     */
    UUID createContract(UUID clientId, String reference, LocalDate startDate) {
        return id(send("POST", "/api/v1/contracts",
                Map.of("clientId", clientId.toString(), "reference", reference, "startDate", startDate.toString()), 201));
    }

    /**
     * @param clientId the client
     * @param contractId its contract, or null
     * @param hostname the server's host name
     * @param role {@code PRODUCTION} or {@code DEVELOPMENT}
     * @return its id
     */
    UUID createServer(UUID clientId, UUID contractId, String hostname, String role) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("clientId", clientId.toString());
        if (contractId != null) {
            body.put("contractId", contractId.toString());
        }
        body.put("hostname", hostname);
        body.put("role", role);
        return id(send("POST", "/api/v1/servers", body, 201));
    }

    /**
     * @param serverId the server
     * @return a new one-time enrollment token and what the agent needs with it
     */
    EnrollmentGrant issueEnrollmentToken(UUID serverId) {
        JsonNode grant = send("POST", "/api/v1/servers/" + serverId + "/enrollment-tokens", null, 201);
        return new EnrollmentGrant(grant.path("token").asString(), grant.path("serverUrl").asString(),
                grant.path("fingerprint").asString(), grant.path("command").asString());
    }

    /**
     * @param serverId the server
     * @return {@code GET /api/v1/servers/{id}/agent}: state, facts...
     */
    JsonNode agent(UUID serverId) {
        return send("GET", "/api/v1/servers/" + serverId + "/agent", null, 200);
    }

    /**
     * @param serverId the server
     * @return its agent's state: {@code NOT_ENROLLED}, {@code ONLINE} or {@code OFFLINE}
     */
    String agentState(UUID serverId) {
        return agent(serverId).path("state").asString();
    }

    /**
     * @param serverId the server
     * @param from first instant (inclusive) of observation
     * @param to last instant (exclusive)
     * @param limit at most this many
     * @return every message received from the server's agents (heartbeats, metrics...), by agent and sequence
     */
    List<Message> messages(UUID serverId, Instant from, Instant to, int limit) {
        JsonNode list = send("GET", "/api/v1/servers/" + serverId + "/agent-messages?from=" + encode(from) + "&to="
                + encode(to) + "&limit=" + limit, null, 200);
        List<Message> messages = new ArrayList<>();
        for (JsonNode m : list.values()) {
            messages.add(new Message(UUID.fromString(m.path("agentId").asString()),
                    UUID.fromString(m.path("messageId").asString()), m.path("sequence").asLong(),
                    m.path("type").asString()));
        }
        return messages;
    }

    /**
     * @param serverId the server
     * @param from first instant (inclusive) of observation
     * @param to last instant (exclusive)
     * @param limit at most this many, newest first
     * @return the heartbeats received
     */
    List<Heartbeat> heartbeats(UUID serverId, Instant from, Instant to, int limit) {
        JsonNode list = send("GET", "/api/v1/servers/" + serverId + "/heartbeats?from=" + encode(from) + "&to="
                + encode(to) + "&limit=" + limit, null, 200);
        List<Heartbeat> heartbeats = new ArrayList<>();
        for (JsonNode h : list.values()) {
            heartbeats.add(new Heartbeat(UUID.fromString(h.path("messageId").asString()), h.path("sequence").asLong(),
                    Instant.parse(h.path("observedAt").asString()), Instant.parse(h.path("receivedAt").asString())));
        }
        return heartbeats;
    }

    /**
     * @param serverId the server
     * @param name a gauge's name
     * @param from first instant
     * @param to last instant
     * @return the times of the raw samples of the metric's first series (at a 1-second step, each
     *         point is one sample), oldest first
     */
    List<Instant> sampleTimes(UUID serverId, String name, Instant from, Instant to) {
        JsonNode range = send("GET", "/api/v1/servers/" + serverId + "/metrics?name=" + name + "&from=" + encode(from)
                + "&to=" + encode(to) + "&step=PT1S", null, 200);
        List<Instant> times = new ArrayList<>();
        for (JsonNode point : range.path("series").path(0).path("points").values()) {
            times.add(Instant.ofEpochMilli(point.path("at").asLong()));
        }
        return times;
    }

    /**
     * Calls the REST API.
     *
     * @param method HTTP method
     * @param path path and query
     * @param body a body to send as JSON, or null
     * @param expected the status expected
     * @return the answer's JSON (a missing node when empty)
     */
    JsonNode send(String method, String path, Object body, int expected) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json");
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> answer;
        try {
            answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (answer.statusCode() != expected) {
            throw new AssertionError(method + " " + path + " answered " + answer.statusCode() + " (expected " + expected
                    + "): " + answer.body());
        }
        return answer.body().isBlank() ? JSON.missingNode() : JSON.readTree(answer.body());
    }

    private static UUID id(JsonNode created) {
        return UUID.fromString(created.path("id").asString());
    }

    private static String encode(Instant instant) {
        return URLEncoder.encode(instant.toString(), StandardCharsets.UTF_8);
    }

    /**
     * A one-time enrollment token as issued.
     *
     * @param token the token
     * @param serverUrl the agent endpoint
     * @param fingerprint the CA fingerprint
     * @param command the ready-to-paste command
     */
    record EnrollmentGrant(String token, String serverUrl, String fingerprint, String command) {
    }

    /**
     * One heartbeat as the control plane recorded it.
     *
     * @param messageId the agent's idempotency key
     * @param sequence its position in the agent's spool
     * @param observedAt when the agent observed the host alive
     * @param receivedAt when the control plane recorded it
     */
    record Message(UUID agentId, UUID messageId, long sequence, String type) {
    }

    record Heartbeat(UUID messageId, long sequence, Instant observedAt, Instant receivedAt) {
    }
}
