package io.vigie.agent.firewall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vigie.agent.testing.LogCapture;
import io.vigie.agent.testing.NeedsLocalServices;
import io.vigie.agent.testing.NetNamespace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's bans kept in memory, in the state file and in the real table of a fresh unprivileged
 * network namespace; a restart is a new list (and, for a reboot, a new namespace) on the same
 * state directory.
 */
@NeedsLocalServices
class BanListTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    @TempDir
    Path stateDir;

    private NetNamespace namespace;

    @BeforeAll
    static void needsNftAndUserNamespaces() {
        assumeTrue(NetNamespace.available(), "nft or unprivileged user namespaces unavailable");
    }

    @BeforeEach
    void freshNamespace() throws IOException {
        namespace = NetNamespace.create();
    }

    @AfterEach
    void closeNamespace() throws IOException {
        namespace.close();
    }

    @Test
    void aLocalBanIsEnforcedAndStoredOwnerOnly() throws IOException {
        BanList bans = list(NOW);

        Ban ban = bans.ban("192.0.2.1", false, Duration.ofHours(4), "sshd-failed-password");
        bans.ban("2001:db8::1", true, Duration.ofHours(1), "nginx-scanner");

        assertThat(ban).isEqualTo(new Ban(BanTarget.parse("192.0.2.1"), NOW.plus(Duration.ofHours(4)),
                "sshd-failed-password", Ban.Origin.LOCAL));
        assertThat(SetElements.of(namespace, "ban4")).containsOnly(entry("192.0.2.1", 14_400L));
        assertThat(SetElements.of(namespace, "net6")).containsOnly(entry("2001:db8::/64", 3_600L));
        Path log = stateDir.resolve("firewall/bans.log");
        assertThat(Files.readAllLines(log)).containsExactly(
                "{\"generation\":0,\"ban\":{\"target\":\"192.0.2.1\",\"expires\":\"2026-03-01T14:00:00Z\","
                        + "\"reason\":\"sshd-failed-password\",\"origin\":\"LOCAL\"}}",
                "{\"generation\":0,\"ban\":{\"target\":\"2001:db8::/64\",\"expires\":\"2026-03-01T11:00:00Z\","
                        + "\"reason\":\"nginx-scanner\",\"origin\":\"LOCAL\"}}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(log))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(log.getParent()))).isEqualTo("rwx------");

        bans.replaceAll(bans.bans());
        Path snapshot = stateDir.resolve("firewall/bans.json");
        assertThat(log).doesNotExist();
        assertThat(Files.readString(snapshot)).startsWith("{\"version\":1,\"generation\":1,\"bans\":[");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(snapshot))).isEqualTo("rw-------");
    }

    @Test
    void aRestartReplaysTheLogOverTheSnapshotSkipsATornLineAndIgnoresAStaleLog() throws IOException {
        BanList bans = list(NOW);
        bans.replaceAll(List.of(controlPlane("203.0.113.1", Duration.ofHours(1)), controlPlane("203.0.113.2", Duration.ofHours(1))));
        bans.ban("192.0.2.1", false, Duration.ofHours(2), "after-snapshot");
        bans.unban(BanTarget.parse("203.0.113.1"));
        Path log = stateDir.resolve("firewall/bans.log");
        String stale = "{\"generation\":0,\"ban\":{\"target\":\"198.51.100.66\",\"expires\":\"2026-03-01T14:00:00Z\","
                + "\"reason\":\"replaced long ago\",\"origin\":\"LOCAL\"}}\n";
        Files.writeString(log, stale + Files.readString(log) + "{\"generation\":1,\"ban\":{\"tar",
                java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);

        BanList restarted = list(NOW);
        try (LogCapture capture = LogCapture.of(BanStore.class.getName())) {
            restarted.restore();
            assertThat(capture.lines()).singleElement().asString().contains("level=WARN", "event=firewall.state-entry-skipped",
                    "malformed line");
        }

        assertThat(restarted.bans()).extracting(b -> b.target().text()).containsExactlyInAnyOrder("203.0.113.2", "192.0.2.1");
        assertThat(SetElements.of(namespace, "ban4")).containsOnlyKeys("203.0.113.2", "192.0.2.1");
        assertThat(log).as("compacted at restore").doesNotExist();
    }

    @Test
    void aBanIsExtendedByALaterOneNeverShortened() throws IOException {
        BanList bans = list(NOW);
        bans.ban("192.0.2.1", false, Duration.ofHours(4), "first");

        assertThat(bans.ban("192.0.2.1", false, Duration.ofHours(1), "shorter").reason()).isEqualTo("first");
        assertThat(bans.ban("192.0.2.1", false, Duration.ofDays(1), "repeat").reason()).isEqualTo("repeat");

        assertThat(SetElements.of(namespace, "ban4")).containsOnly(entry("192.0.2.1", 86_400L));
        assertThat(bans.bans()).singleElement().extracting(Ban::reason).isEqualTo("repeat");
    }

    @Test
    void unbanLiftsAddressesAndNetworks() throws IOException {
        BanList bans = list(NOW);
        bans.ban("192.0.2.1", false, Duration.ofHours(1), "a");
        bans.ban("198.51.100.7", true, Duration.ofHours(1), "b");
        bans.ban(new Ban(BanTarget.parse("198.51.100.0/25"), NOW.plus(Duration.ofHours(2)), "c", Ban.Origin.LOCAL));

        assertThat(bans.unban(BanTarget.parse("192.0.2.1"))).isTrue();
        assertThat(bans.unban(BanTarget.parse("198.51.100.0/24"))).isTrue();
        assertThat(bans.unban(BanTarget.parse("203.0.113.1"))).isFalse();

        assertThat(SetElements.of(namespace, "ban4")).isEmpty();
        assertThat(SetElements.of(namespace, "net4")).containsOnly(entry("198.51.100.0/25", 7_200L));
        BanList restarted = list(NOW);
        restarted.restore();
        assertThat(restarted.bans()).extracting(b -> b.target().text()).containsExactly("198.51.100.0/25");
    }

    @Test
    void replaceAllMakesTheTableAndTheFileHoldExactlyTheControlPlanesState() throws IOException {
        BanList bans = list(NOW);
        bans.ban("192.0.2.1", false, Duration.ofHours(1), "local");
        bans.ban("192.0.2.2", true, Duration.ofHours(1), "local");

        bans.replaceAll(List.of(controlPlane("203.0.113.5", Duration.ofHours(2)),
                controlPlane("2001:db8:5::/48", Duration.ofHours(3)), controlPlane("203.0.113.6", Duration.ofHours(-1))));

        assertThat(SetElements.of(namespace, "ban4")).containsOnly(entry("203.0.113.5", 7_200L));
        assertThat(SetElements.of(namespace, "net4")).isEmpty();
        assertThat(SetElements.of(namespace, "net6")).containsOnly(entry("2001:db8:5::/48", 10_800L));
        BanList restarted = list(NOW);
        restarted.restore();
        assertThat(restarted.bans()).extracting(b -> b.target().text())
                .containsExactlyInAnyOrder("203.0.113.5", "2001:db8:5::/48");
        assertThat(restarted.bans()).allMatch(b -> b.origin() == Ban.Origin.CONTROL_PLANE);
    }

    @Test
    void aRestartAfterARebootRestoresTheTableFromTheStateFileWithoutTheExpiredBans() throws IOException {
        BanList bans = list(NOW);
        bans.ban("192.0.2.1", false, Duration.ofHours(4), "long");
        bans.ban("192.0.2.2", false, Duration.ofMinutes(30), "short");
        bans.ban("10.9.8.7", true, Duration.ofHours(4), "network");
        namespace.close();
        namespace = NetNamespace.create();

        BanList restarted = BanList.start(stateDir, table(), Clock.fixed(NOW.plus(Duration.ofHours(1)), ZoneOffset.UTC))
                .orElseThrow();

        assertThat(SetElements.of(namespace, "ban4")).containsOnly(entry("192.0.2.1", 10_800L));
        assertThat(SetElements.of(namespace, "net4")).containsOnly(entry("10.9.8.0/24", 10_800L));
        assertThat(restarted.bans()).hasSize(2);
    }

    @Test
    void aDamagedStateFileOrEntryIsSkippedWithALogLine() throws IOException {
        Files.createDirectories(stateDir.resolve("firewall"));
        Files.writeString(stateDir.resolve("firewall/bans.json"), """
                {"version":1,"generation":1,"bans":[
                  {"target":"192.0.2.1 } ; flush ruleset","expires":"2026-03-01T14:00:00Z","reason":"x","origin":"LOCAL"},
                  {"target":"192.0.2.2","expires":"2026-03-01T14:00:00Z","reason":"x","origin":"LOCAL"}]}
                """);
        try (LogCapture log = LogCapture.of(BanStore.class.getName())) {
            list(NOW).restore();
            assertThat(log.lines()).singleElement().asString().contains("level=WARN", "event=firewall.state-entry-skipped",
                    "not an IP address or network");
        }
        assertThat(SetElements.of(namespace, "ban4")).containsOnlyKeys("192.0.2.2");

        Files.writeString(stateDir.resolve("firewall/bans.json"), "{\"version\":1,\"bans\":[{\"tar");
        try (LogCapture log = LogCapture.of(BanStore.class.getName())) {
            list(NOW).restore();
            assertThat(log.lines()).singleElement().asString().contains("level=ERROR", "event=firewall.state-damaged");
        }
        assertThat(SetElements.of(namespace, "ban4")).isEmpty();
    }

    @Test
    void aMissingOrFailingNftIsLoggedOnceAndTheBansAreKeptForTheNextResync() throws IOException {
        try (LogCapture log = LogCapture.of(BanList.class.getName())) {
            assertThat(BanList.start(stateDir, new NftTable(stateDir.resolve("no-nft"), Duration.ofSeconds(5)),
                    Clock.fixed(NOW, ZoneOffset.UTC))).isEmpty();
            assertThat(log.lines()).singleElement().asString().contains("level=ERROR", "event=firewall.unavailable");
        }
        Path failing = stateDir.resolve("failing-nft");
        Files.writeString(failing, "#!/bin/sh\necho 'Error: Could not process rule: Operation not permitted' >&2\nexit 1\n");
        Files.setPosixFilePermissions(failing, PosixFilePermissions.fromString("rwx------"));
        BanList broken = new BanList(stateDir, new NftTable(failing, Duration.ofSeconds(5)), Clock.fixed(NOW, ZoneOffset.UTC));
        assertThatThrownBy(() -> broken.ban("192.0.2.1", false, Duration.ofHours(1), "x"))
                .isInstanceOf(NftException.class).hasMessageContaining("Operation not permitted");

        list(NOW).restore();
        assertThat(SetElements.of(namespace, "ban4")).containsOnlyKeys("192.0.2.1");
    }

    @Test
    void aMaliciousAddressIsRefusedAndNothingIsWritten() throws IOException {
        BanList bans = list(NOW);
        assertThatThrownBy(() -> bans.ban("1.2.3.4 } ; delete table inet filter ; add element inet vigie ban4 { 5.6.7.8",
                false, Duration.ofHours(1), "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not an IP address or network");
        assertThat(stateDir.resolve("firewall")).doesNotExist();
        assertThat(namespace.nft("list", "tables")).doesNotContain("vigie");
    }

    private BanList list(Instant now) {
        return new BanList(stateDir, table(), Clock.fixed(now, ZoneOffset.UTC));
    }

    private NftTable table() {
        return new NftTable(namespace.nft(), Duration.ofSeconds(30));
    }

    private static Ban controlPlane(String target, Duration remaining) {
        return new Ban(BanTarget.parse(target), NOW.plus(remaining), "shared", Ban.Origin.CONTROL_PLANE);
    }
}
