package io.vigie.agent.transport;

import io.vigie.protocol.AgentProtocol;
import io.vigie.protocol.BatchReceipt;
import io.vigie.protocol.EnrollmentRequest;
import io.vigie.protocol.EnrollmentResponse;
import io.vigie.protocol.MessageBatch;
import io.vigie.protocol.Problem;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.zip.GZIPOutputStream;
import tools.jackson.core.JacksonException;

/**
 * Calls the control plane's agent API ({@code docs/agent-protocol.md}): enrollment and message
 * batches. Every request carries {@code Vigie-Protocol: 1} and a 30 s timeout; batches are sent
 * gzip-compressed with the agent's bearer credential.
 *
 * <p>Any answer other than 2xx becomes a {@link ControlPlaneException} carrying the problem's
 * {@code detail}; a network failure stays the {@link IOException} the HTTP client threw. The
 * class holds no state besides its HTTP client and is safe to share.
 */
public final class AgentClient {

    /** How long a request may take, from sending to the end of the answer. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private static final int EXCERPT_CHARS = 200;

    private final HttpClient http;
    private final String baseUrl;

    /**
     * @param http an HTTP client, normally from {@link PinnedTls#httpClient(Fingerprint)}
     * @param serverUrl the control plane's agent API base, e.g. {@code https://cp.example:8443}
     */
    public AgentClient(HttpClient http, URI serverUrl) {
        this.http = http;
        String url = serverUrl.toString();
        this.baseUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
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
        HttpRequest.Builder builder = request(AgentProtocol.ENROLL_PATH)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.mapper().writeValueAsBytes(request)));
        return call(builder.build(), EnrollmentResponse.class);
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
        HttpRequest.Builder builder = request(AgentProtocol.MESSAGES_PATH)
                .header("Authorization", credentials.authorization())
                .header("Content-Type", "application/json")
                .header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(gzip(Json.mapper().writeValueAsBytes(batch))));
        return call(builder.build(), BatchReceipt.class);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(REQUEST_TIMEOUT)
                .header(AgentProtocol.VERSION_HEADER, Integer.toString(AgentProtocol.VERSION))
                .header("Accept", "application/json, application/problem+json");
    }

    private <T> T call(HttpRequest request, Class<T> answerType) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        int status = response.statusCode();
        if (status < 200 || status > 299) {
            throw new ControlPlaneException(status, detail(response.body()));
        }
        try {
            return Json.mapper().readValue(response.body(), answerType);
        } catch (JacksonException e) {
            throw new IOException("unreadable answer from " + request.uri() + ": " + e.getOriginalMessage(), e);
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
