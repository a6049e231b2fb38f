package io.vigie.agent.transport;

import io.vigie.protocol.AgentProtocol;
import io.vigie.protocol.BatchReceipt;
import io.vigie.protocol.EnrollmentRequest;
import io.vigie.protocol.EnrollmentResponse;
import io.vigie.protocol.MessageBatch;
import io.vigie.protocol.Problem;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import tools.jackson.core.JacksonException;

/**
 * Calls the control plane's agent API ({@code docs/agent-protocol.md}): enrollment and message
 * batches. Every request carries {@code Vigie-Protocol: 1} and a 30 s timeout; batches are sent
 * gzip-compressed with the agent's bearer credential.
 *
 * <p>Any answer other than 2xx becomes a {@link ControlPlaneException} carrying the problem's
 * {@code detail}; a network failure stays the {@link IOException} the HTTP client threw. The
 * class holds no state besides its HTTP client (one kept connection) and is safe to share;
 * closing it closes that connection and ends a request in flight.
 */
public final class AgentClient implements AutoCloseable {

    /** How long a request may take, from sending to the end of the answer. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private static final int EXCERPT_CHARS = 200;

    private final TlsHttpClient http;

    /**
     * @param http an HTTP client to the control plane's agent API base, normally from
     *     {@link PinnedTls#httpClient(Fingerprint, java.net.URI)}; closed with this client
     */
    public AgentClient(TlsHttpClient http) {
        this.http = http;
    }

    /**
     * Exchanges a one-time token for the agent's identity.
     *
     * @param request token, agent version and facts
     * @return the identity and secret
     * @throws ControlPlaneException when the control plane refuses the token
     * @throws IOException when the control plane cannot be reached
     * @throws InterruptedException when the calling thread is interrupted
     */
    public EnrollmentResponse enroll(EnrollmentRequest request) throws IOException, InterruptedException {
        return call(AgentProtocol.ENROLL_PATH, Map.of("Content-Type", "application/json"),
                Json.mapper().writeValueAsBytes(request), EnrollmentResponse.class);
    }

    /**
     * Sends one batch of spooled messages.
     *
     * @param credentials the agent's identity and secret
     * @param batch the messages, oldest first
     * @return the receipt listing every message as accepted, duplicate or rejected
     * @throws ControlPlaneException when the control plane refuses the batch (401, 5xx, ...)
     * @throws IOException when the control plane cannot be reached or the answer is unreadable
     * @throws InterruptedException when the calling thread is interrupted
     */
    public BatchReceipt send(AgentCredentials credentials, MessageBatch batch) throws IOException, InterruptedException {
        return call(AgentProtocol.MESSAGES_PATH, Map.of("Authorization", credentials.authorization(),
                        "Content-Type", "application/json", "Content-Encoding", "gzip"),
                gzip(Json.mapper().writeValueAsBytes(batch)), BatchReceipt.class);
    }

    /** Closes the connection to the control plane, ending a request in flight. */
    @Override
    public void close() {
        http.close();
    }

    private <T> T call(String path, Map<String, String> headers, byte[] body, Class<T> answerType)
            throws IOException, InterruptedException {
        Map<String, String> fields = new LinkedHashMap<>(headers);
        fields.put(AgentProtocol.VERSION_HEADER, Integer.toString(AgentProtocol.VERSION));
        fields.put("Accept", "application/json, application/problem+json");
        TlsHttpClient.Response response = http.post(path, fields, body);
        int status = response.status();
        if (status < 200 || status > 299) {
            throw new ControlPlaneException(status, detail(response.body()));
        }
        try {
            return Json.mapper().readValue(response.body(), answerType);
        } catch (JacksonException e) {
            throw new IOException("unreadable answer from " + http.url(path) + ": " + e.getOriginalMessage(), e);
        }
    }

    /** The problem's detail, else its title, else an excerpt of the body. */
    private static String detail(byte[] body) {
        try {
            Problem problem = Json.mapper().readValue(body, Problem.class);
            if (problem != null && problem.detail() != null && !problem.detail().isBlank()) {
                return problem.detail();
            }
            if (problem != null && problem.title() != null && !problem.title().isBlank()) {
                return problem.title();
            }
        } catch (JacksonException notAProblem) {
            // fall through to an excerpt of the body
        }
        String text = new String(body, StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            return "(no detail)";
        }
        return text.length() > EXCERPT_CHARS ? text.substring(0, EXCERPT_CHARS) + "..." : text;
    }

    private static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream(Math.max(64, content.length / 4));
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
            gzip.write(content);
        }
        return compressed.toByteArray();
    }
}
