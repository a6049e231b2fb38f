package io.vigie.agent.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.vigie.agent.testing.ScriptedTlsServer;
import io.vigie.agent.testing.TestPki;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TlsHttpClientTest {

    private static final Duration SHORT = Duration.ofMillis(300);
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private final TestPki pki = TestPki.create();
    private ScriptedTlsServer server;

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void sendsThePostAndReusesTheConnectionForContentLengthAnswers() throws Exception {
        server = new ScriptedTlsServer(pki, c -> {
            while (c.read() != null) {
                c.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello");
            }
        });
        try (TlsHttpClient client = client(URI.create(server.url() + "/base/"), PATIENCE)) {
            TlsHttpClient.Response first = client.post("/one", Map.of("X-Test", "yes"), bytes("body-1"));
            TlsHttpClient.Response second = client.post("/two", Map.of(), bytes("body-2"));

            assertThat(first.status()).isEqualTo(200);
            assertThat(text(first.body())).isEqualTo("hello");
            assertThat(text(second.body())).isEqualTo("hello");
        }
        assertThat(server.connections()).isEqualTo(1);
        ScriptedTlsServer.Request request = server.requests().getFirst();
        assertThat(request.head().split("\r\n")).containsExactly("POST /base/one HTTP/1.1",
                "Host: " + server.url().getAuthority(), "Content-Length: 6", "X-Test: yes");
        assertThat(text(request.body())).isEqualTo("body-1");
        assertThat(server.requests().get(1).head()).startsWith("POST /base/two HTTP/1.1");
    }

    @Test
    void readsChunkedAnswersWithExtensionsAndTrailersAndKeepsTheConnection() throws Exception {
        server = new ScriptedTlsServer(pki, c -> {
            while (c.read() != null) {
                c.write("HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "5;name=value\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n");
            }
        });
        try (TlsHttpClient client = client(server.url(), PATIENCE)) {
            assertThat(text(client.post("/", Map.of(), new byte[0]).body())).isEqualTo("hello world");
            TlsHttpClient.Response again = client.post("/", Map.of(), new byte[0]);

            assertThat(again.status()).isEqualTo(201);
            assertThat(text(again.body())).isEqualTo("hello world");
        }
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void readsAnAnswerEndedByTheConnectionAndThenConnectsAgain() throws Exception {
        server = new ScriptedTlsServer(pki, c -> {
            c.read();
            c.write("HTTP/1.0 200 OK\r\n\r\nuntil the end");
        });
        try (TlsHttpClient client = client(server.url(), PATIENCE)) {
            assertThat(text(client.post("/", Map.of(), new byte[0]).body())).isEqualTo("until the end");
            assertThat(text(client.post("/", Map.of(), new byte[0]).body())).isEqualTo("until the end");
        }
        assertThat(server.connections()).isEqualTo(2);
    }

    @Test
    void skipsInterimAnswersAndHonoursConnectionClose() throws Exception {
        server = new ScriptedTlsServer(pki, c -> {
            c.read();
            c.write("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n");
            c.awaitClose();
        });
        try (TlsHttpClient client = client(server.url(), PATIENCE)) {
            assertThat(client.post("/", Map.of(), new byte[0]).status()).isEqualTo(204);
            assertThat(client.post("/", Map.of(), new byte[0]).status()).isEqualTo(204);
        }
        assertThat(server.connections()).isEqualTo(2);
    }

    @Test
    void sendsOnceMoreOnANewConnectionWhenTheServerClosedTheKeptOne() throws Exception {
        // Answers one request per connection without saying so, as a server whose idle timeout passed.
        server = new ScriptedTlsServer(pki, c -> {
            c.read();
            c.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        });
        try (TlsHttpClient client = client(server.url(), PATIENCE)) {
            client.post("/", Map.of(), bytes("first"));

            assertThat(text(client.post("/", Map.of(), bytes("second")).body())).isEqualTo("ok");
        }
        assertThat(server.connections()).isEqualTo(2);
        assertThat(server.requests()).extracting(r -> text(r.body())).containsExactly("first", "second");
    }

    @Test
    void doesNotSendAgainWhenTheAnswerWasCutShort() {
        server = new ScriptedTlsServer(pki, c -> {
            c.read();
            c.write("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort");
        });
        try (TlsHttpClient client = client(server.url(), PATIENCE)) {
            assertThatThrownBy(() -> client.post("/", Map.of(), new byte[0]))
                    .isInstanceOf(EOFException.class)
                    .hasMessage("answer cut short: 5 of 10 bytes of the body");
        }
        assertThat(server.requests()).hasSize(1);
    }

    static Stream<Arguments> malformedAnswers() {
        return Stream.of(
                Arguments.of("HTP/1.1 200 OK\r\n\r\n", "malformed status line in the answer: HTP/1.1 200 OK"),
                Arguments.of("HTTP/1.1 2x0 OK\r\n\r\n", "malformed status line in the answer: HTTP/1.1 2x0 OK"),
                Arguments.of("HTTP/1.1 200OK\r\n\r\n", "malformed status line"),
                Arguments.of("HTTP/2 200 OK\r\n\r\n", "malformed status line"),
                Arguments.of("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n",
                        "malformed header field in the answer: no colon here"),
                Arguments.of("HTTP/1.1 200 OK\r\nContent-Length : 2\r\n\r\nok", "malformed header field"),
                Arguments.of("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", "malformed header field"),
                Arguments.of("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok",
                        "two different lengths"),
                Arguments.of("HTTP/1.1 200 OK\r\nContent-Length: 99999999\r\n\r\n",
                        "answer body larger than " + TlsHttpClient.MAX_ANSWER_BYTES + " bytes"),
                Arguments.of("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
                        "unsupported transfer coding in the answer: gzip, chunked"),
                Arguments.of("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
                        "malformed chunk size in the answer: zz"),
                Arguments.of("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nokX\r\n",
                        "malformed chunk end in the answer: X"),
                Arguments.of("HTTP/1.1 101 Switching Protocols\r\n\r\n", "unexpected protocol switch (101)"),
                Arguments.of("HTTP/1.1 200 OK\r\nX-Long: " + "a".repeat(9000) + "\r\n\r\n",
                        "header field longer than 8192 bytes in the answer"),
                Arguments.of("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n", "answer cut short in a header field"),
                Arguments.of("", "connection closed before an answer"));
    }

    @ParameterizedTest
    @MethodSource("malformedAnswers")
    void refusesAMalformedAnswerSayingWhatIsWrong(String answer, String message) {
        server = new ScriptedTlsServer(pki, c -> {
            c.read();
            c.write(answer);
        });
        try (TlsHttpClient client = client(server.url(), PATIENCE)) {
            assertThatThrownBy(() -> client.post("/", Map.of(), new byte[0]))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining(message);
        }
    }

    @Test
    void givesUpWhenTheAnswerDoesNotComeInTime() {
        server = new ScriptedTlsServer(pki, c -> {
            c.read();
            c.write("HTTP/1.1 200 OK\r\n");
            c.awaitClose();
        });
        try (TlsHttpClient client = client(server.url(), SHORT)) {
            assertThatThrownBy(() -> client.post("/", Map.of(), new byte[0]))
                    .isInstanceOf(SocketTimeoutException.class)
                    .hasMessage("no answer in time");
            assertThat(Failures.describe(new IOException("wrapped", catchTimeout(client)))).isEqualTo("no answer in time");
        }
        assertThat(server.connections()).isEqualTo(2);
    }

    @Test
    void givesUpWhenTheTlsHandshakeDoesNotComeInTime() throws Exception {
        // Accepts TCP connections (the backlog does) but never speaks TLS.
        try (ServerSocket silent = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
             TlsHttpClient client = new TlsHttpClient(PinnedTls.context(pki.caFingerprint()),
                     URI.create("https://127.0.0.1:" + silent.getLocalPort()), SHORT, PATIENCE)) {
            assertThatThrownBy(() -> client.post("/", Map.of(), new byte[0]))
                    .isInstanceOf(SocketTimeoutException.class)
                    .hasMessage("connection timed out");
        }
    }

    @Test
    void aClosedPortIsARefusedConnection() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        try (TlsHttpClient client = client(URI.create("https://127.0.0.1:" + port), PATIENCE)) {
            assertThatThrownBy(() -> client.post("/", Map.of(), new byte[0])).isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void closingEndsTheRequestInFlightOfAnInterruptedThreadAndRefusesMore() throws Exception {
        server = new ScriptedTlsServer(pki, c -> {
            c.read();
            c.awaitClose();
        });
        TlsHttpClient client = client(server.url(), PATIENCE);
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread caller = Thread.ofPlatform().start(() -> {
            try {
                client.post("/", Map.of(), new byte[0]);
            } catch (Exception e) {
                outcome.set(e);
            }
        });
        await().atMost(PATIENCE).until(() -> server.requests().size() == 1);

        caller.interrupt();
        client.close();
        caller.join();

        assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
        assertThatThrownBy(() -> client.post("/", Map.of(), new byte[0])).hasMessage("client closed");
    }

    @Test
    void refusesALineBreakInAHeaderValue() {
        try (TlsHttpClient client = client(URI.create("https://127.0.0.1:1"), PATIENCE)) {
            assertThatThrownBy(() -> client.post("/", Map.of("X-Evil", "a\r\nHost: elsewhere"), new byte[0]))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("line break in the value of header X-Evil");
        }
    }

    @Test
    void refusesAnythingButAnHttpsUrl() {
        assertThatThrownBy(() -> client(URI.create("http://127.0.0.1:8080"), PATIENCE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not an https URL with a host: http://127.0.0.1:8080");
    }

    private static SocketTimeoutException catchTimeout(TlsHttpClient client) {
        try {
            client.post("/", Map.of(), new byte[0]);
        } catch (SocketTimeoutException e) {
            return e;
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("no timeout");
    }

    private TlsHttpClient client(URI url, Duration requestTimeout) {
        return new TlsHttpClient(PinnedTls.context(pki.caFingerprint()), url, PATIENCE, requestTimeout);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
