package io.vigie.agent.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.vigie.agent.transport.Json;
import io.vigie.protocol.AgentProtocol;
import io.vigie.protocol.BatchReceipt;
import io.vigie.protocol.EnrollmentRequest;
import io.vigie.protocol.EnrollmentResponse;
import io.vigie.protocol.Envelope;
import io.vigie.protocol.MessageBatch;
import io.vigie.protocol.Problem;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;

/**
 * An in-process control plane for tests: a real HTTPS server ({@link HttpsServer}) with a
 * BouncyCastle-made CA, serving the agent API like {@code docs/agent-protocol.md} says. It
 * records what it receives, deduplicates messages by id as the real one does (counting
 * duplicates), and can be stopped and started again on the same port, answer problems, or
 * process a batch and then drop the connection before answering (a lost receipt).
 */
public final class FakeControlPlane implements AutoCloseable {

    /** One request as received: its headers and its body, decompressed when it was gzip. */
    public record Received(Map<String, List<String>> headers, byte[] rawBody, byte[] body) {

        /**
         * @param name a header name
         * @return its first value, or null
         */
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }
    }

    private final TestPki pki;
    private final UUID agentId = UUID.randomUUID();
    private final UUID serverId = UUID.randomUUID();
    private final String secret = "secret-" + UUID.randomUUID();
    private final Set<UUID> seen = new HashSet<>();
    private final List<Envelope> accepted = new CopyOnWriteArrayList<>();
    private final List<Received> batches = new CopyOnWriteArrayList<>();
    private final List<EnrollmentRequest> enrollments = new CopyOnWriteArrayList<>();
    private HttpsServer server;
    private int port;
    private int duplicates;
    private boolean loseNextReceipt;
    private boolean rejectNext;
    private Problem enrollmentProblem;
    private Problem nextBatchProblem;

    /** @param pki the TLS identity to serve */
    public FakeControlPlane(TestPki pki) {
        this.pki = pki;
    }

    /** Starts serving: on a free port the first time, on the same port afterwards. */
    public synchronized FakeControlPlane start() {
        try {
            server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setHttpsConfigurator(new HttpsConfigurator(pki.serverContext()));
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext(AgentProtocol.ENROLL_PATH, this::enroll);
        server.createContext(AgentProtocol.MESSAGES_PATH, this::messages);
        server.start();
        port = server.getAddress().getPort();
        return this;
    }

    /** Stops serving; open connections are closed. */
    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** @return the base URL agents are given */
    public synchronized URI url() {
        return URI.create("https://127.0.0.1:" + port);
    }

    /** @return the identity this control plane hands out at enrollment */
    public EnrollmentResponse identity() {
        return new EnrollmentResponse(agentId, secret, serverId, 30);
    }

    /** Makes the enrollment answer this problem instead of an identity. */
    public synchronized void refuseEnrollment(int status, String detail) {
        enrollmentProblem = new Problem("about:blank", "Enrollment refused", status, detail);
    }

    /** Makes the next batch get this problem instead of a receipt (nothing processed). */
    public synchronized void failNextBatch(int status, String detail) {
        nextBatchProblem = new Problem("about:blank", "Failed", status, detail);
    }

    /** Makes the next batch be processed, then the connection dropped before the receipt. */
    public synchronized void loseNextReceipt() {
        loseNextReceipt = true;
    }

    /** Makes every message of the next batch rejected. */
    public synchronized void rejectNextBatch() {
        rejectNext = true;
    }

    /** @return the enrollment requests received */
    public List<EnrollmentRequest> enrollments() {
        return List.copyOf(enrollments);
    }

    /** @return every message processed, once each, in arrival order */
    public List<Envelope> accepted() {
        return List.copyOf(accepted);
    }

    /** @return the batch requests received, in order */
    public List<Received> batches() {
        return List.copyOf(batches);
    }

    /** @return how many messages arrived again after they had been processed */
    public synchronized int duplicates() {
        return duplicates;
    }

    private void enroll(HttpExchange exchange) throws IOException {
        if (refuseUnlessPost(exchange)) {
            return;
        }
        Received request = read(exchange);
        Problem problem;
        synchronized (this) {
            problem = enrollmentProblem;
        }
        if (problem != null) {
            answer(exchange, problem.status(), "application/problem+json", problem);
            return;
        }
        enrollments.add(Json.mapper().readValue(request.body(), EnrollmentRequest.class));
        answer(exchange, 201, "application/json", identity());
    }

    private void messages(HttpExchange exchange) throws IOException {
        if (refuseUnlessPost(exchange)) {
            return;
        }
        Received request = read(exchange);
        batches.add(request);
        if (!("Bearer " + agentId + "." + secret).equals(request.header("Authorization"))) {
            answer(exchange, 401, "application/problem+json", new Problem("about:blank", "Unauthorized", 401,
                    "unknown agent or wrong secret"));
            return;
        }
        MessageBatch batch = Json.mapper().readValue(request.body(), MessageBatch.class);
        BatchReceipt receipt;
        boolean lose;
        synchronized (this) {
            if (nextBatchProblem != null) {
                Problem problem = nextBatchProblem;
                nextBatchProblem = null;
                answer(exchange, problem.status(), "application/problem+json", problem);
                return;
            }
            receipt = process(batch);
            lose = loseNextReceipt;
            loseNextReceipt = false;
        }
        if (lose) {
            exchange.close();
            return;
        }
        answer(exchange, 200, "application/json", receipt);
    }

    private BatchReceipt process(MessageBatch batch) {
        List<UUID> fresh = new ArrayList<>();
        List<UUID> replayed = new ArrayList<>();
        List<BatchReceipt.Rejection> rejected = new ArrayList<>();
        for (Envelope envelope : batch.messages()) {
            if (rejectNext) {
                rejected.add(new BatchReceipt.Rejection(envelope.id(), "test rejects this message"));
            } else if (seen.add(envelope.id())) {
                accepted.add(envelope);
                fresh.add(envelope.id());
            } else {
                duplicates++;
                replayed.add(envelope.id());
            }
        }
        rejectNext = false;
        return new BatchReceipt(fresh, replayed, rejected);
    }

    private static boolean refuseUnlessPost(HttpExchange exchange) throws IOException {
        if ("POST".equals(exchange.getRequestMethod())) {
            return false;
        }
        answer(exchange, 405, "application/problem+json", new Problem("about:blank", "Method not allowed", 405,
                "use POST"));
        return true;
    }

    private static Received read(HttpExchange exchange) throws IOException {
        byte[] raw;
        try (InputStream in = exchange.getRequestBody()) {
            raw = in.readAllBytes();
        }
        byte[] body = raw;
        if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
                body = in.readAllBytes();
            }
        }
        return new Received(Map.copyOf(exchange.getRequestHeaders()), raw, body);
    }

    private static void answer(HttpExchange exchange, int status, String type, Object body) throws IOException {
        byte[] json = Json.mapper().writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, json.length);
        try (var out = exchange.getResponseBody()) {
            out.write(json);
        }
    }
}
