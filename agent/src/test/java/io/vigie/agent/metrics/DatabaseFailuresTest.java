package io.vigie.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigie.agent.metrics.db.DatabaseAddress;
import io.vigie.agent.metrics.db.DatabaseTarget;
import io.vigie.agent.metrics.db.DatabaseTarget.Engine;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ProtocolException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The database collectors against peers that are not a working database server: nothing
 * listening, a server that closes, one that says nothing, one that sends garbage or a truncated
 * greeting. Each is a clean {@link IOException} naming the address, within the 2 s timeout,
 * never a hang. Real servers are in {@link MariaDbConnectionsTest} and {@link PostgresqlConnectionsTest}.
 */
class DatabaseFailuresTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aServerThatIsNotListeningIsACleanFailure(Engine engine) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        assertThatThrownBy(() -> collect(engine, "127.0.0.1:" + port))
                .isInstanceOf(IOException.class)
                .hasMessage("cannot connect to 127.0.0.1:" + port + ": Connection refused");
        Path socket = dir.resolve("absent.sock");
        assertThatThrownBy(() -> collect(engine, "unix:" + socket))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("cannot connect to unix:" + socket + ": ");
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aServerThatClosesAtOnceIsACleanFailure(Engine engine) throws Exception {
        try (FakeServer server = new FakeServer(socket -> send(socket, new byte[0]))) {
            assertThatThrownBy(() -> collect(engine, server.address()))
                    .isInstanceOf(EOFException.class).hasMessage("connection closed by " + server.address());
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aServerThatSaysNothingTimesOut(Engine engine) throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        try (FakeServer server = new FakeServer(socket -> done.await(1, TimeUnit.MINUTES))) {
            assertThatThrownBy(() -> collect(engine, server.address()))
                    .isInstanceOf(SocketTimeoutException.class)
                    .hasMessage("no answer from " + server.address() + " within 2000 ms (waiting for an answer)");
            done.countDown();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void garbageIsACleanFailure(Engine engine) throws Exception {
        String name = engine == Engine.MYSQL ? "MySQL or MariaDB" : "PostgreSQL";
        try (FakeServer server = new FakeServer(socket -> send(socket,
                "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)))) {
            assertThatThrownBy(() -> collect(engine, server.address()))
                    .isInstanceOf(ProtocolException.class)
                    .hasMessage("malformed answer from " + server.address() + ": not a " + name + " server?");
        }
    }

    @Test
    void aTruncatedMysqlGreetingIsACleanFailure() throws Exception {
        // A handshake packet announcing 5 bytes: protocol 10 and the start of a version string.
        byte[] greeting = {5, 0, 0, 0, 10, '1', '0', '.', '1'};
        try (FakeServer server = new FakeServer(socket -> send(socket, greeting))) {
            assertThatThrownBy(() -> collect(Engine.MYSQL, server.address()))
                    .isInstanceOf(ProtocolException.class).hasMessageStartingWith("malformed answer from ");
        }
    }

    @Test
    void anUnsupportedPostgresqlAuthenticationIsNamed() throws Exception {
        // AuthenticationGSS (7): a method the agent does not speak.
        byte[] gss = {'R', 0, 0, 0, 8, 0, 0, 0, 7};
        try (FakeServer server = new FakeServer(socket -> send(socket, gss))) {
            assertThatThrownBy(() -> collect(Engine.POSTGRESQL, server.address()))
                    .isInstanceOf(IOException.class)
                    .hasMessage(server.address() + " asks for an authentication method the agent does not support "
                            + "(code 7; use trust, peer, password, md5 or scram-sha-256)");
        }
    }

    @Test
    void aPasswordFileReadableByEveryoneIsRefusedWithoutConnecting() throws IOException {
        Path file = Files.writeString(dir.resolve("password"), "secret\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        DatabaseTarget target = new DatabaseTarget(Engine.MYSQL, DatabaseAddress.parse("127.0.0.1:1", 3306),
                "vigie-agent", Optional.of(file));

        assertThatThrownBy(() -> target.collector().collect(new SampleSink()))
                .isInstanceOf(IOException.class)
                .hasMessage("the password file " + file + " is readable by everyone: make it root:vigie-agent 0640 "
                        + "(chmod o-rwx " + file + ")");
    }

    private static void collect(Engine engine, String address) throws IOException {
        new DatabaseTarget(engine, DatabaseAddress.parse(address, engine.defaultPort()), "vigie-agent", Optional.empty())
                .collector().collect(new SampleSink());
    }

    private static void send(Socket socket, byte[] bytes) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(bytes);
        out.flush();
        socket.shutdownOutput();
        socket.getInputStream().readAllBytes();
    }

    /** A TCP server on the loopback that hands each connection to a handler, then closes it. */
    private static final class FakeServer implements AutoCloseable {

        interface Handler {
            void handle(Socket socket) throws Exception;
        }

        private final ServerSocket server;
        private final Thread thread;

        FakeServer(Handler handler) throws IOException {
            server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
            thread = Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try (Socket socket = server.accept()) {
                        handler.handle(socket);
                    } catch (Exception e) {
                        // the client went away, or the server is closing
                    }
                }
            });
        }

        String address() {
            return "127.0.0.1:" + server.getLocalPort();
        }

        @Override
        public void close() throws Exception {
            server.close();
            thread.join();
        }
    }
}
