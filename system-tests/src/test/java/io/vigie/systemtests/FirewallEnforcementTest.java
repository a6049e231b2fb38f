package io.vigie.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vigie.agent.firewall.BanList;
import io.vigie.agent.firewall.BanTarget;
import io.vigie.agent.firewall.NftTable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Real enforcement (issue 4): host B bans host A through the agent's own code (BanList, NftTable,
 * the real nft and kernel), and A's TCP connections to B's server fail; after the unban they work
 * again. The hosts are two network namespaces joined by a veth pair ({@link TwoHosts}), made
 * without privilege; B's server is the JDK's {@code jwebserver}. A refused attempt is one whose
 * connection is not established within {@value #ATTEMPT_SECONDS} s: the ban drops A's packets.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class FirewallEnforcementTest {

    private static final int PORT = 8080;
    private static final int ATTEMPT_SECONDS = 2;
    private static final Duration ATTEMPT = Duration.ofSeconds(ATTEMPT_SECONDS);

    private TwoHosts hosts;
    private ChildProcess server;
    private Path stateDir;

    @BeforeEach
    void twoHostsAndAServerOnB() {
        assumeTrue(TwoHosts.available(), "unshare, nsenter, ip, nft or unprivileged user namespaces unavailable");
        hosts = TwoHosts.create();
        stateDir = SystemTestPaths.newTempDirectory("firewall-state");
        Path jwebserver = SystemTestPaths.java().resolveSibling("jwebserver");
        server = hosts.startInB("jwebserver", List.of(jwebserver.toString(), "-b", "::", "-p", String.valueOf(PORT),
                "-d", stateDir.toAbsolutePath().toString()));
        await().atMost(Duration.ofSeconds(60)).until(() -> hosts.connectsFromA(TwoHosts.B4, PORT, ATTEMPT));
    }

    @AfterEach
    void stop() {
        if (hosts != null) {
            Cleanup.all(server::kill, hosts::close, () -> SystemTestPaths.deleteTree(stateDir));
        }
    }

    @Test
    void hostBBansHostAWhoseConnectionsFailUntilTheUnban() throws IOException {
        BanList bans = new BanList(stateDir, new NftTable(hosts.nftOfB(), Duration.ofSeconds(30)), Clock.systemUTC());
        bans.restore();
        assertThat(hosts.connectsFromA(TwoHosts.B6, PORT, ATTEMPT)).as("IPv6 before any ban").isTrue();

        bans.ban(TwoHosts.A4, false, Duration.ofHours(1), "system-test");
        assertThat(hosts.connectsFromA(TwoHosts.B4, PORT, ATTEMPT)).as("IPv4 once A4 is banned").isFalse();
        assertThat(hosts.connectsFromA(TwoHosts.B6, PORT, ATTEMPT)).as("IPv6 while only A4 is banned").isTrue();
        bans.ban(TwoHosts.A6, false, Duration.ofHours(1), "system-test");
        assertThat(hosts.connectsFromA(TwoHosts.B6, PORT, ATTEMPT)).as("IPv6 once A6 is banned").isFalse();

        // A reboot of B empties its firewall; the agent's next start rebuilds the table from its state.
        hosts.inB("/usr/sbin/nft", "delete", "table", "inet", "vigie");
        assertThat(hosts.connectsFromA(TwoHosts.B4, PORT, ATTEMPT)).as("IPv4 with the table gone").isTrue();
        BanList restarted = new BanList(stateDir, new NftTable(hosts.nftOfB(), Duration.ofSeconds(30)), Clock.systemUTC());
        restarted.restore();
        assertThat(hosts.connectsFromA(TwoHosts.B4, PORT, ATTEMPT)).as("IPv4 after the restore").isFalse();
        assertThat(hosts.connectsFromA(TwoHosts.B6, PORT, ATTEMPT)).as("IPv6 after the restore").isFalse();

        restarted.unban(BanTarget.parse(TwoHosts.A4));
        restarted.unban(BanTarget.parse(TwoHosts.A6));
        assertThat(hosts.connectsFromA(TwoHosts.B4, PORT, ATTEMPT)).as("IPv4 after the unban").isTrue();
        assertThat(hosts.connectsFromA(TwoHosts.B6, PORT, ATTEMPT)).as("IPv6 after the unban").isTrue();

        restarted.ban(TwoHosts.A4, true, Duration.ofHours(1), "system-test network");
        assertThat(hosts.connectsFromA(TwoHosts.B4, PORT, ATTEMPT)).as("IPv4 once A's /24 is banned").isFalse();
        restarted.unban(BanTarget.parse("10.99.0.0/24"));
        assertThat(hosts.connectsFromA(TwoHosts.B4, PORT, ATTEMPT)).as("IPv4 after the network's unban").isTrue();
    }
}
