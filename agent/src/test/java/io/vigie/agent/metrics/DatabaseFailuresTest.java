package io.vigie.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigie.agent.metrics.db.DatabaseAddress;
import io.vigie.agent.metrics.db.DatabaseTarget;
import io.vigie.agent.metrics.db.DatabaseTarget.Engine;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
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
 * never a hang. And the caching_sha2_password exchange of MySQL 8, which MariaDB lacks, against a
 * scripted server: its full authentication sends the password over a unix socket only. Real servers are in {@link MariaDbConnectionsTest} and {@link PostgresqlConnectionsTest}.
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
        try (FakeServer server = new FakeServer(peer -> send(peer, new byte[0]))) {
            assertThatThrownBy(() -> collect(engine, server.address()))
                    .isInstanceOf(EOFException.class).hasMessage("connection closed by " + server.address());
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aServerThatSaysNothingTimesOut(Engine engine) throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        try (FakeServer server = new FakeServer(peer -> done.await(1, TimeUnit.MINUTES))) {
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
        try (FakeServer server = new FakeServer(peer -> send(peer,
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
        try (FakeServer server = new FakeServer(peer -> send(peer, greeting))) {
            assertThatThrownBy(() -> collect(Engine.MYSQL, server.address()))
                    .isInstanceOf(ProtocolException.class).hasMessageStartingWith("malformed answer from ");
        }
    }

    @Test
    void anUnsupportedPostgresqlAuthenticationIsNamed() throws Exception {
        // AuthenticationGSS (7): a method the agent does not speak.
        byte[] gss = {'R', 0, 0, 0, 8, 0, 0, 0, 7};
        try (FakeServer server = new FakeServer(peer -> send(peer, gss))) {
            assertThatThrownBy(() -> collect(Engine.POSTGRESQL, server.address()))
                    .isInstanceOf(IOException.class)
                    .hasMessage(server.address() + " asks for an authentication method the agent does not support "
                            + "(code 7; use trust, peer, password, md5 or scram-sha-256)");
        }
    }

    @Test
    void cachingSha2FullAuthenticationIsRefusedOverTcpWithoutSendingThePassword() throws Exception {
        List<byte[]> received = new CopyOnWriteArrayList<>();
        try (FakeServer server = new FakeServer(peer -> {
            peer.out().write(cachingSha2Greeting());
            received.add(readPacket(peer.in()));
            // AuthMoreData: "perform full authentication"
            send(peer, packet(2, new byte[] {1, 4}));
        })) {
            Path file = passwordFile("secret");
            assertThatThrownBy(() -> collect(Engine.MYSQL, server.address(), Optional.of(file)))
                    .isInstanceOf(IOException.class)
                    .hasMessageStartingWith(server.address() + " asks for the full caching_sha2_password authentication, "
                            + "which sends the password in clear: the agent does it over a unix socket only");
        }
        assertThat(received).singleElement().satisfies(response -> assertThat(new String(response,
                StandardCharsets.ISO_8859_1)).contains("vigie-agent\0", "caching_sha2_password").doesNotContain("secret"));
    }

    @Test
    void cachingSha2FullAuthenticationSendsThePasswordOverTheUnixSocket() throws Exception {
        List<byte[]> received = new CopyOnWriteArrayList<>();
        byte[] refusal = "\u00ff\u0015\u0004#28000stop here".getBytes(StandardCharsets.ISO_8859_1);
        try (FakeServer server = new FakeServer(dir.resolve("mysqld.sock"), peer -> {
            peer.out().write(cachingSha2Greeting());
            received.add(readPacket(peer.in()));
            peer.out().write(packet(2, new byte[] {1, 4}));
            received.add(readPacket(peer.in()));
            send(peer, packet(4, refusal));
        })) {
            Path file = passwordFile("secret");
            assertThatThrownBy(() -> collect(Engine.MYSQL, server.address(), Optional.of(file)))
                    .isInstanceOf(IOException.class).hasMessage(server.address() + " refused: error 1045: stop here");
        }
        assertThat(received).hasSize(2).last().isEqualTo("secret\0".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void aPostgresqlCleartextPasswordIsRefusedOverTcp() throws Exception {
        List<byte[]> received = new CopyOnWriteArrayList<>();
        // AuthenticationCleartextPassword (3), then whatever the client sends until it closes.
        try (FakeServer server = new FakeServer(peer -> {
            peer.out().write(new byte[] {'R', 0, 0, 0, 8, 0, 0, 0, 3});
            received.add(peer.in().readAllBytes());
        })) {
            Path file = passwordFile("secret");
            assertThatThrownBy(() -> collect(Engine.POSTGRESQL, server.address(), Optional.of(file)))
                    .isInstanceOf(IOException.class)
                    .hasMessage(server.address() + " asks for the password in clear, which the agent sends over a "
                            + "unix socket only: use the socket address, or md5 or scram-sha-256 in pg_hba.conf");
        }
        assertThat(received).singleElement().satisfies(bytes -> assertThat(new String(bytes, StandardCharsets.ISO_8859_1))
                .contains("user\0vigie-agent\0").doesNotContain("secret"));
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
        collect(engine, address, Optional.empty());
    }

    private static void collect(Engine engine, String address, Optional<Path> passwordFile) throws IOException {
        new DatabaseTarget(engine, DatabaseAddress.parse(address, engine.defaultPort()), "vigie-agent", passwordFile)
                .collector().collect(new SampleSink());
    }

    private Path passwordFile(String password) throws IOException {
        Path file = Files.writeString(dir.resolve("password"), password + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        return file;
    }

    private static void send(Peer peer, byte[] bytes) throws IOException {
        peer.out().write(bytes);
        peer.out().flush();
        peer.shutdownOutput();
        peer.in().readAllBytes();
    }

    /** A MySQL packet: 3-byte length, sequence number, payload. */
    private static byte[] packet(int sequence, byte[] payload) {
        return ByteBuffer.allocate(4 + payload.length).order(ByteOrder.LITTLE_ENDIAN)
                .putShort((short) payload.length).put((byte) 0).put((byte) sequence).put(payload).array();
    }

    /** A MySQL 8 greeting (handshake v10) whose default plugin is caching_sha2_password. */
    private static byte[] cachingSha2Greeting() {
        byte[] plugin = "caching_sha2_password\0".getBytes(StandardCharsets.US_ASCII);
        ByteBuffer hello = ByteBuffer.allocate(100).order(ByteOrder.LITTLE_ENDIAN)
                .put((byte) 10).put("8.0.36\0".getBytes(StandardCharsets.US_ASCII)).putInt(7)
                .put("abcdefgh".getBytes(StandardCharsets.US_ASCII)).put((byte) 0)
                .putShort((short) 0x8200).put((byte) 255).putShort((short) 2).putShort((short) 0x0008).put((byte) 21)
                .put(new byte[10]).put("ijklmnopqrst\0".getBytes(StandardCharsets.US_ASCII)).put(plugin);
        return packet(0, Arrays.copyOf(hello.array(), hello.position()));
    }

    /** Reads one MySQL packet's payload. */
    private static byte[] readPacket(InputStream in) throws IOException {
        byte[] header = in.readNBytes(4);
        int length = (header[0] & 0xFF) | (header[1] & 0xFF) << 8 | (header[2] & 0xFF) << 16;
        return in.readNBytes(length);
    }

    /** The server's side of a connection. */
    private record Peer(InputStream in, OutputStream out, Closeable output) {
        void shutdownOutput() throws IOException {
            output.close();
        }
    }

    /**
     * A server on the loopback (TCP) or a unix socket that hands each connection to a handler,
     * then closes it.
     */
    private static final class FakeServer implements AutoCloseable {

        interface Handler {
            void handle(Peer peer) throws Exception;
        }

        private final ServerSocketChannel server;
        private final String address;
        private final Thread thread;

        FakeServer(Handler handler) throws IOException {
            this(ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)), handler);
        }

        FakeServer(Path socket, Handler handler) throws IOException {
            this(ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(socket)), handler);
        }

        private FakeServer(ServerSocketChannel server, Handler handler) throws IOException {
            this.server = server;
            this.address = server.getLocalAddress() instanceof InetSocketAddress inet
                    ? "127.0.0.1:" + inet.getPort() : "unix:" + ((UnixDomainSocketAddress) server.getLocalAddress()).getPath();
            thread = Thread.ofVirtual().start(() -> {
                while (server.isOpen()) {
                    try (SocketChannel channel = server.accept()) {
                        handler.handle(new Peer(Channels.newInputStream(channel), Channels.newOutputStream(channel),
                                channel::shutdownOutput));
                    } catch (Exception e) {
                        // the client went away, or the server is closing
                    }
                }
            });
        }

        String address() {
            return address;
        }

        @Override
        public void close() throws IOException {
            server.close();
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
