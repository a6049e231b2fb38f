package io.vigie.agent.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real TLS server (the {@link TestPki}'s server chain) that answers with whatever bytes a test
 * scripts, to test an HTTP client against answers no well-behaved server sends: malformed,
 * cut short, never finished, or on connections closed at the wrong time. It counts connections
 * and records each request it reads.
 */
public final class ScriptedTlsServer implements AutoCloseable {

    /** What the server does with each connection. */
    @FunctionalInterface
    public interface Script {

        /**
         * @param connection the connection, closed when the script returns
         * @throws IOException when the connection fails
         */
        void serve(Connection connection) throws IOException;
    }

    /**
     * One request as read.
     *
     * @param head the request line and header fields, CRLF-separated
     * @param body the body (Content-Length framed)
     */
    public record Request(String head, byte[] body) {
    }

    /** One accepted connection. */
    public final class Connection {
        private final InputStream in;
        private final OutputStream out;

        private Connection(Socket socket) throws IOException {
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        /** @return the next request, or null when the client closed the connection */
        public Request read() throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    return null;
                }
                head.write(b);
            }
            String text = head.toString(StandardCharsets.ISO_8859_1);
            int length = text.lines().filter(line -> line.toLowerCase(Locale.ROOT).startsWith("content-length:"))
                    .map(line -> Integer.parseInt(line.substring(15).strip())).findFirst().orElse(0);
            Request request = new Request(text.strip(), in.readNBytes(length));
            requests.add(request);
            return request;
        }

        /** Writes bytes (ISO-8859-1) and flushes. */
        public void write(String bytes) throws IOException {
            out.write(bytes.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        /** Waits until the client closes the connection, reading and discarding what it sends. */
        public void awaitClose() throws IOException {
            while (in.read() >= 0) {
                // discard
            }
        }
    }

    private final ServerSocket server;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    /**
     * Starts serving on a free loopback port.
     *
     * @param pki the TLS identity
     * @param script what to do with each connection
     */
    public ScriptedTlsServer(TestPki pki, Script script) {
        try {
            server = pki.serverContext().getServerSocketFactory().createServerSocket(0, 16,
                    InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    connections.incrementAndGet();
                    Thread.ofVirtual().start(() -> {
                        try (socket) {
                            script.serve(new Connection(socket));
                        } catch (IOException e) {
                            // the client went away: nothing to serve
                        }
                    });
                } catch (IOException e) {
                    // closed
                }
            }
        });
    }

    /** @return the server's base URL */
    public URI url() {
        return URI.create("https://127.0.0.1:" + server.getLocalPort());
    }

    /** @return how many connections were accepted */
    public int connections() {
        return connections.get();
    }

    /** @return the requests read, in order */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
