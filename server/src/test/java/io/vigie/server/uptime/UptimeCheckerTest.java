package io.vigie.server.uptime;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Each kind of check against real endpoints: in-process HTTP and HTTPS sites, a closed TCP port,
 * the resolution of {@code localhost}. A check never throws, whatever its target does.
 */
class UptimeCheckerTest {

    @RegisterExtension
    static final TestSites sites = TestSites.http();
    final UptimeChecker checker = new UptimeChecker(Clock.systemUTC());

    static Monitor monitor(MonitorType type, String target, int timeout, String keyword, int certWarning,
            String expectedAddress) {
        Instant now = Instant.now();
        return new Monitor(UUID.randomUUID(), UUID.randomUUID(), null, type, "test", target, 60, timeout, "200-399",
                keyword, certWarning, expectedAddress, true, now, now, null);
    }

    static Monitor http(String url) {
        return monitor(MonitorType.HTTP, url, 5, null, 14, null);
    }

    @Test
    void httpStatusKeywordAndResponseTime() {
        CheckResult ok = checker.check(http(sites.url("/ok")));
        assertThat(ok.ok()).isTrue();
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.responseMs()).isNotNull().isGreaterThanOrEqualTo(0);
        assertThat(ok.error()).isNull();
        assertThat(ok.certDaysLeft()).isNull();

        CheckResult error = checker.check(http(sites.url("/error")));
        assertThat(error.ok()).isFalse();
        assertThat(error.statusCode()).isEqualTo(500);
        assertThat(error.error()).isEqualTo("HTTP status 500 is not among 200-399");

        assertThat(checker.check(monitor(MonitorType.HTTP, sites.url("/ok"), 5, "boutique Vigie", 14, null)).ok())
                .isTrue();
        CheckResult missing = checker.check(monitor(MonitorType.HTTP, sites.url("/ok"), 5, "Panier", 14, null));
        assertThat(missing.ok()).isFalse();
        assertThat(missing.statusCode()).isEqualTo(200);
        assertThat(missing.error()).contains("keyword \"Panier\" not found");
    }

    @Test
    void aSlowAnswerFailsAtTheTimeout() {
        long start = System.nanoTime();
        CheckResult slow = checker.check(monitor(MonitorType.HTTP, sites.url("/slow"), 1, null, 14, null));
        assertThat(slow.ok()).isFalse();
        assertThat(slow.error()).isEqualTo("no answer within 1 s");
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2_500);
    }

    @Test
    void httpsReportsTheDaysLeftOnTheCertificate() throws Exception {
        try (TestSites tls = TestSites.https(10)) {
            UptimeChecker trusting = new UptimeChecker(Clock.systemUTC(), tls.clientTrust());
            CheckResult soon = trusting.check(monitor(MonitorType.HTTP, tls.url("/ok"), 5, null, 14, null));
            assertThat(soon.certDaysLeft()).isEqualTo(10);
            assertThat(soon.statusCode()).isEqualTo(200);
            assertThat(soon.ok()).isFalse();
            assertThat(soon.error()).isEqualTo("the certificate expires in 10 days (warning below 14)");

            CheckResult fine = trusting.check(monitor(MonitorType.HTTP, tls.url("/ok"), 5, null, 7, null));
            assertThat(fine.ok()).isTrue();
            assertThat(fine.certDaysLeft()).isEqualTo(10);

            CheckResult untrusted = checker.check(monitor(MonitorType.HTTP, tls.url("/ok"), 5, null, 7, null));
            assertThat(untrusted.ok()).isFalse();
            assertThat(untrusted.error()).startsWith("TLS failure");
        }
    }

    @Test
    void tcpConnectsOrIsRefused() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        CheckResult open = checker.check(monitor(MonitorType.TCP, "127.0.0.1:" + sites.port(), 2, null, 0, null));
        assertThat(open.ok()).isTrue();
        assertThat(open.responseMs()).isNotNull();
        CheckResult refused = checker.check(monitor(MonitorType.TCP, "127.0.0.1:" + closed, 2, null, 0, null));
        assertThat(refused.ok()).isFalse();
        assertThat(refused.error()).isEqualTo("connection refused");
        assertThat(checker.check(http("http://127.0.0.1:" + closed + "/")).error()).isEqualTo("connection refused");
    }

    @Test
    void dnsResolvesLocalhostToTheExpectedAddress() {
        assertThat(checker.check(monitor(MonitorType.DNS, "localhost", 2, null, 0, null)).ok()).isTrue();
        assertThat(checker.check(monitor(MonitorType.DNS, "localhost", 2, null, 0, "127.0.0.1")).ok()).isTrue();
        CheckResult wrong = checker.check(monitor(MonitorType.DNS, "localhost", 2, null, 0, "192.0.2.1"));
        assertThat(wrong.ok()).isFalse();
        assertThat(wrong.error()).contains("not 192.0.2.1");
    }

    @Test
    void aBadTargetIsAFailedResultNotAnException() {
        CheckResult bad = checker.check(monitor(MonitorType.TCP, "no port here", 1, null, 0, null));
        assertThat(bad.ok()).isFalse();
        assertThat(bad.error()).isEqualTo("invalid target: must be host:port");
        assertThat(checker.check(http("ftp://127.0.0.1/")).error()).startsWith("invalid target");
    }

    @Test
    void statusSpecificationsAcceptListsAndRanges() {
        assertThat(MonitorTargets.statusSpec(" 200, 301-302 ")).isEqualTo("200,301-302");
        assertThat(MonitorTargets.accepts("200,301-302", 302)).isTrue();
        assertThat(MonitorTargets.accepts("200,301-302", 303)).isFalse();
        for (String bad : new String[] { "", "20", "399-200", "200-700", "2xx", "200,,201" }) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> MonitorTargets.statusSpec(bad))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
