package io.vigie.agent.metrics;

import static io.vigie.agent.metrics.Fixtures.collect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigie.agent.testing.StatusPageServer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** nginx's and Apache's status pages, in the formats they print, served by a real HTTP server. */
class StatusPageCollectorsTest {

    /** ngx_http_stub_status_module's example (nginx.org), with the blanks nginx leaves at line ends. */
    static final String NGINX = """
            Active connections: 291\s
            server accepts handled requests
             16630948 16630948 31070465\s
            Reading: 6 Writing: 179 Waiting: 106\s
            """;

    /** {@code /server-status?auto} of Apache 2.4 with the event MPM and ExtendedStatus On (Debian 12). */
    static final String APACHE_EVENT = """
            localhost
            ServerVersion: Apache/2.4.62 (Debian)
            ServerMPM: event
            Server Built: 2024-10-04T15:21:08
            CurrentTime: Sunday, 01-Mar-2026 10:15:30 UTC
            RestartTime: Sunday, 01-Mar-2026 08:00:02 UTC
            ParentServerConfigGeneration: 1
            ParentServerMPMGeneration: 0
            ServerUptimeSeconds: 8128
            ServerUptime: 2 hours 15 minutes 28 seconds
            Load1: 0.08
            Load5: 0.03
            Load15: 0.01
            Total Accesses: 5402
            Total kBytes: 21380
            Total Duration: 9731
            CPUUser: 3.41
            CPUSystem: 2.05
            CPUChildrenUser: 0
            CPUChildrenSystem: 0
            CPULoad: .0671752
            Uptime: 8128
            ReqPerSec: .664616
            BytesPerSec: 2693.61
            BytesPerReq: 4052.84
            DurationPerReq: 1.80137
            BusyWorkers: 3
            GracefulWorkers: 0
            IdleWorkers: 72
            Processes: 3
            Stopping: 0
            ConnsTotal: 7
            ConnsAsyncWriting: 1
            ConnsAsyncKeepAlive: 4
            ConnsAsyncClosing: 2
            Scoreboard: ___W_____________________K_____________R__________________________.......
            """;

    /** The prefork MPM with ExtendedStatus Off: no connection counts, no access count. */
    static final String APACHE_PREFORK_BASIC = """
            fe80::1
            ServerVersion: Apache/2.4.57 (Debian)
            ServerMPM: prefork
            Server Built: 2023-04-13T13:46:52
            CurrentTime: Monday, 02-Mar-2026 07:00:00 UTC
            RestartTime: Monday, 02-Mar-2026 06:59:00 UTC
            ParentServerConfigGeneration: 2
            ParentServerMPMGeneration: 1
            ServerUptimeSeconds: 60
            ServerUptime: 1 minute
            Load1: 1.20
            Load5: 0.75
            Load15: 0.40
            BusyWorkers: 1
            IdleWorkers: 4
            Scoreboard: W____...........
            """;

    StatusPageServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = StatusPageServer.start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void nginxConnectionsAndRequestsFromStubStatus() {
        server.serve(200, NGINX);

        assertThat(collect(new NginxCollector(server.url("/nginx_status")))).containsExactly(
                "nginx_connections_active 291",
                "nginx_connections_accepted 16630948",
                "nginx_connections_handled 16630948",
                "nginx_http_requests_total 31070465",
                "nginx_connections_reading 6",
                "nginx_connections_writing 179",
                "nginx_connections_waiting 106");
        assertThat(server.lastRequest()).isEqualTo("GET /nginx_status");
    }

    @Test
    void apacheConnectionsWorkersAndAccessesFromServerStatusAuto() {
        server.serve(200, APACHE_EVENT);
        ApacheCollector apache = new ApacheCollector(server.url("/server-status?auto"));

        assertThat(collect(apache)).containsExactly(
                "apache_workers{state=busy} 3",
                "apache_workers{state=idle} 72",
                "apache_connections{state=total} 7",
                "apache_connections{state=writing} 1",
                "apache_connections{state=keepalive} 4",
                "apache_connections{state=closing} 2",
                "apache_accesses_total 5402");
        assertThat(server.lastRequest()).isEqualTo("GET /server-status?auto");

        server.serve(200, APACHE_PREFORK_BASIC);
        assertThat(collect(apache)).containsExactly("apache_workers{state=busy} 1", "apache_workers{state=idle} 4");
    }

    @Test
    void aPageThatIsNotTheStatusPageFailsTheRoundSayingWhy() {
        NginxCollector nginx = new NginxCollector(server.url("/nginx_status"));
        ApacheCollector apache = new ApacheCollector(server.url("/server-status?auto"));
        String html = "<!DOCTYPE html>\n<html><head><title>Welcome to nginx!</title></head></html>\n";

        server.serve(200, html);
        assertFails(nginx, "malformed status page " + server.url("/nginx_status") + ": 2 lines, not 4");
        assertFails(apache, "line 2 is not 'Key: value'");

        server.serve(200, NGINX.replace("Waiting: 106", "Waiting: -1"));
        assertFails(nginx, "line 4 is not 'Reading: (\\d+) Writing: (\\d+) Waiting: (\\d+) *'");
        server.serve(200, NGINX.replace("16630948 16630948", "16630948"));
        assertFails(nginx, "line 3 is not");
        server.serve(200, NGINX.replace("291", "18446744073709551616"));
        assertFails(nginx, "a number beyond 64 bits");

        server.serve(200, APACHE_EVENT.replace("ConnsAsyncWriting: 1", "ConnsAsyncWriting: one"));
        assertFails(apache, "ConnsAsyncWriting is not a whole number: 'one'");
        server.serve(200, APACHE_EVENT.replace("BusyWorkers: 3\n", ""));
        assertFails(apache, "no BusyWorkers and IdleWorkers");
        server.serve(200, "\n" + APACHE_EVENT);
        assertFails(apache, "line 1 is not 'Key: value'");
        server.serve(200, "x".repeat(StatusPageCollector.MAX_BYTES + 1));
        assertFails(apache, "larger than 65536 bytes");
    }

    @Test
    void anAnswerOtherThan200OrNoServerFailsTheRound() throws IOException {
        NginxCollector nginx = new NginxCollector(server.url("/nginx_status"));

        server.serve(404, "<html>404 Not Found</html>");
        assertFails(nginx, "HTTP 404 from " + server.url("/nginx_status"));
        // A redirect is not followed: the agent reads this host's page only.
        server.serve(302, "");
        assertFails(nginx, "HTTP 302");

        URI closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/nginx_status");
        }
        assertThatThrownBy(() -> new NginxCollector(closed).collect(new SampleSink()))
                .isInstanceOf(ConnectException.class);
    }

    @Test
    void onlyTheConfiguredPagesAreRead() {
        assertThat(StatusPages.NONE.collectors()).isEmpty();
        assertThat(new StatusPages(Optional.of(server.url("/a")), Optional.of(server.url("/b"))).collectors())
                .extracting(Collector::name).containsExactly("nginx", "apache");
        assertThat(new StatusPages(Optional.empty(), Optional.of(server.url("/b"))).collectors())
                .extracting(Collector::name).containsExactly("apache");
    }

    private static void assertFails(Collector collector, String message) {
        assertThatThrownBy(() -> collector.collect(new SampleSink())).isInstanceOf(IOException.class)
                .hasMessageContaining(message);
    }
}
