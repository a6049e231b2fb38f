package io.vigie.agent.transport;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A small blocking HTTP/1.1 client over TLS to one origin, the control plane: POST requests with
 * a body in memory, answers framed by {@code Content-Length}, chunked or by the end of the
 * connection ({@link HttpAnswerReader}). The agent uses it instead of the JDK's
 * {@code java.net.http.HttpClient}, whose selector and executor threads and asynchronous
 * machinery (about 450 more classes, 3 threads) cost the agent 3.5 to 4.5 MiB of memory for one
 * request every few seconds (docs/agent-installation.md, "Memory").
 *
 * <p>One connection is kept open between requests (keep-alive) unless the server says
 * {@code Connection: close}. A server may close a kept connection while it is idle: when a
 * request on a kept connection fails before any byte of the answer arrived, it is sent once more
 * on a new connection. The agent API allows it: batches are deduplicated by message id, and an
 * enrollment is the first request of its client, so never on a kept connection.
 *
 * <p>Connecting (TCP and TLS handshake) may take {@code connectTimeout}; then the request, from
 * sending to the end of the answer, {@code requestTimeout}. Both end in a
 * {@link SocketTimeoutException} ("connection timed out", "no answer in time"). Requests are
 * serialized. {@link #close()}, from any thread, closes the connection: a request in flight
 * fails, with an {@link InterruptedException} when its thread was interrupted, and no other
 * request is made.
 */
public final class TlsHttpClient implements AutoCloseable {

    /**
     * An answer.
     *
     * @param status the HTTP status
     * @param body the body, empty when there is none
     */
    public record Response(int status, byte[] body) {
    }

    /** The largest answer body accepted; the control plane's answers are a few KiB. */
    static final int MAX_ANSWER_BYTES = 4 * 1024 * 1024;

    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final SSLContext tls;
    private final String host;
    private final int port;
    private final String authority;
    private final String basePath;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final ReentrantLock exchange = new ReentrantLock();
    private volatile Connection connection;
    private volatile boolean closed;

    /**
     * @param tls the TLS context, normally {@link PinnedTls#context(Fingerprint)}
     * @param origin the server's base URL: {@code https://host[:port][/path]}; request paths are
     *     appended to its path
     * @param connectTimeout how long a TCP connection and TLS handshake may take
     * @param requestTimeout how long a request may take, from sending to the end of the answer
     * @throws IllegalArgumentException when the URL is not an https URL with a host
     */
    public TlsHttpClient(SSLContext tls, URI origin, Duration connectTimeout, Duration requestTimeout) {
        if (!"https".equalsIgnoreCase(origin.getScheme()) || origin.getHost() == null) {
            throw new IllegalArgumentException("not an https URL with a host: " + origin);
        }
        this.tls = tls;
        String literal = origin.getHost();
        this.host = literal.startsWith("[") ? literal.substring(1, literal.length() - 1) : literal;
        this.port = origin.getPort() < 0 ? 443 : origin.getPort();
        this.authority = origin.getPort() < 0 ? literal : literal + ":" + origin.getPort();
        String path = origin.getRawPath() == null ? "" : origin.getRawPath();
        this.basePath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        this.connectTimeout = connectTimeout;
        this.requestTimeout = requestTimeout;
    }

    /** @return the URL of a path, as requests name it in messages */
    public String url(String path) {
        return "https://" + authority + basePath + path;
    }

    /**
     * Sends a POST request and reads its answer, whatever its status.
     *
     * @param path the path under the origin's, e.g. {@code /agent/v1/messages}
     * @param headers header fields besides {@code Host} and {@code Content-Length}
     * @param body the body
     * @return the answer
     * @throws SocketTimeoutException when connecting or answering takes too long
     * @throws IOException when the server cannot be reached, the connection fails, the answer is
     *     malformed or the client is closed
     * @throws InterruptedException when the calling thread is interrupted (the request is then
     *     abandoned only if the client was also closed)
     */
    public Response post(String path, Map<String, String> headers, byte[] body)
            throws IOException, InterruptedException {
        byte[] head = head(path, headers, body.length);
        exchange.lockInterruptibly();
        try {
            Connection kept = connection;
            if (kept != null) {
                try {
                    return send(kept, head, body);
                } catch (IOException e) {
                    discard(kept);
                    if (closed || kept.reader.started() || e instanceof SocketTimeoutException) {
                        throw failure(e);
                    }
                    // Closed by the server while idle: once more on a new connection.
                }
            }
            Connection fresh = open();
            try {
                return send(fresh, head, body);
            } catch (IOException e) {
                discard(fresh);
                throw failure(e);
            }
        } finally {
            exchange.unlock();
        }
    }

    /** Closes the connection, ending a request in flight; the client makes no more requests. */
    @Override
    public void close() {
        closed = true;
        Connection open = connection;
        if (open != null) {
            discard(open);
        }
    }

    private Response send(Connection c, byte[] head, byte[] body) throws IOException {
        long deadline = System.nanoTime() + requestTimeout.toNanos();
        c.out.write(head);
        c.out.write(body);
        c.out.flush();
        HttpAnswerReader.Answer answer = c.reader.read(deadline);
        if (answer.reusable() && !closed) {
            connection = c;
        } else {
            discard(c);
        }
        return new Response(answer.status(), answer.body());
    }

    private Connection open() throws IOException, InterruptedException {
        if (closed) {
            throw new IOException("client closed");
        }
        Socket tcp = new Socket();
        Connection c = null;
        try {
            int timeout = (int) connectTimeout.toMillis();
            tcp.connect(new InetSocketAddress(host, port), timeout);
            tcp.setSoTimeout(timeout);
            SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(tcp, host, port, true);
            socket.setEnabledProtocols(PROTOCOLS);
            c = new Connection(socket);
            connection = c;
            if (closed) {
                throw new IOException("client closed");
            }
            socket.startHandshake();
            return c;
        } catch (IOException e) {
            if (c == null) {
                tcp.close();
            } else {
                discard(c);
            }
            if (e instanceof SocketTimeoutException) {
                SocketTimeoutException timeout = new SocketTimeoutException("connection timed out");
                timeout.initCause(e);
                throw failure(timeout);
            }
            throw failure(e);
        }
    }

    /** @return the failure to throw: an interruption when the thread was interrupted meanwhile */
    private static <E extends IOException> E failure(E e) throws InterruptedException {
        if (Thread.interrupted()) {
            InterruptedException interrupted = new InterruptedException("request abandoned");
            interrupted.initCause(e);
            throw interrupted;
        }
        return e;
    }

    private void discard(Connection c) {
        if (connection == c) {
            connection = null;
        }
        try {
            c.socket.close();
        } catch (IOException ignored) {
            // nothing more to do with a connection being dropped
        }
    }

    private byte[] head(String path, Map<String, String> headers, int length) {
        StringBuilder head = new StringBuilder(256)
                .append("POST ").append(basePath).append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(authority).append("\r\n")
                .append("Content-Length: ").append(length).append("\r\n");
        for (Map.Entry<String, String> field : headers.entrySet()) {
            String value = field.getValue();
            if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("line break in the value of header " + field.getKey());
            }
            head.append(field.getKey()).append(": ").append(value).append("\r\n");
        }
        return head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** An open TLS connection with its reader and buffered writer. */
    private static final class Connection {
        private final SSLSocket socket;
        private final OutputStream out;
        private final HttpAnswerReader reader;

        Connection(SSLSocket socket) throws IOException {
            this.socket = socket;
            this.out = new BufferedOutputStream(socket.getOutputStream(), 8 * 1024);
            this.reader = new HttpAnswerReader(socket, MAX_ANSWER_BYTES);
        }
    }
}
