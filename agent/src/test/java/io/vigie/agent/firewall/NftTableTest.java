package io.vigie.agent.firewall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vigie.agent.testing.NeedsLocalServices;
import io.vigie.agent.testing.NetNamespace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The table as the kernel holds it after each operation, with the real nft in a fresh unprivileged
 * network namespace per test ({@link NetNamespace}).
 */
@NeedsLocalServices
class NftTableTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    private NetNamespace namespace;
    private NftTable table;

    @BeforeAll
    static void needsNftAndUserNamespaces() {
        assumeTrue(NetNamespace.available(), "nft or unprivileged user namespaces unavailable");
    }

    @BeforeEach
    void freshNamespace() throws IOException {
        namespace = NetNamespace.create();
        table = new NftTable(namespace.nft(), Duration.ofSeconds(30));
    }

    @AfterEach
    void closeNamespace() throws IOException {
        namespace.close();
    }

    @Test
    void createsTheTableWithItsSetsAndItsChainsBeforeTheUsualFilters() throws IOException {
        table.ensure();

        String listed = namespace.nft("list", "table", "inet", "vigie");
        assertThat(listed).contains(
                "set ban4 {\n\t\ttype ipv4_addr\n\t\tflags timeout\n\t}",
                "set ban6 {\n\t\ttype ipv6_addr\n\t\tflags timeout\n\t}",
                "set net4 {\n\t\ttype ipv4_addr\n\t\tflags interval,timeout\n\t}",
                "set net6 {\n\t\ttype ipv6_addr\n\t\tflags interval,timeout\n\t}");
        for (String hook : List.of("input", "forward")) {
            assertThat(listed).contains("chain " + hook + " {\n\t\ttype filter hook " + hook + " priority filter - 10; policy accept;\n"
                    + "\t\tip saddr @ban4 drop\n\t\tip saddr @net4 drop\n\t\tip6 saddr @ban6 drop\n\t\tip6 saddr @net6 drop\n\t}");
        }
    }

    @Test
    void ensuringAgainKeepsTheBansAndDoesNotRepeatTheRules() throws IOException {
        table.ensure();
        table.addAddresses(List.of(ban("192.0.2.1", Duration.ofHours(1))), NOW);
        String before = namespace.nft("list", "chain", "inet", "vigie", "input");

        table.ensure();

        assertThat(namespace.nft("list", "chain", "inet", "vigie", "input")).isEqualTo(before);
        assertThat(SetElements.of(namespace, "ban4")).containsOnlyKeys("192.0.2.1");
    }

    @Test
    void bansIpv4AndIpv6AddressesWithTheirRemainingTimeAsTimeout() throws IOException {
        table.ensure();
        table.addAddresses(List.of(ban("192.0.2.1", Duration.ofHours(4)), ban("2001:db8::7", Duration.ofMinutes(30)),
                ban("198.51.100.9", Duration.ofMillis(1500)), ban("198.51.100.10", Duration.ofHours(-1))), NOW);

        assertThat(SetElements.of(namespace, "ban4")).containsOnly(entry("192.0.2.1", 14_400L), entry("198.51.100.9", 2L));
        assertThat(SetElements.of(namespace, "ban6")).containsOnly(entry("2001:db8::7", 1_800L));
    }

    @Test
    void banningABannedAddressAgainSetsItsNewTimeout() throws IOException {
        table.ensure();
        table.addAddresses(List.of(ban("192.0.2.1", Duration.ofHours(4))), NOW);

        table.addAddresses(List.of(ban("192.0.2.1", Duration.ofDays(7))), NOW);

        assertThat(SetElements.of(namespace, "ban4")).containsOnly(entry("192.0.2.1", 604_800L));
    }

    @Test
    void bansNetworksIncludingNestedOnesAndAddressesInsideThem() throws IOException {
        table.ensure();
        table.replaceNetworks(List.of(ban("10.1.2.0/24", Duration.ofHours(1)), ban("2001:db8:1:2::/64", Duration.ofHours(2)),
                ban("10.1.0.0/16", Duration.ofMinutes(30))), NOW);
        table.addAddresses(List.of(ban("10.1.2.3", Duration.ofHours(5))), NOW);

        assertThat(SetElements.of(namespace, "net4")).containsOnly(entry("10.1.0.0/23", 1_800L),
                entry("10.1.2.0/24", 3_600L), entry("10.1.3.0-10.1.255.255", 1_800L));
        assertThat(SetElements.of(namespace, "net6")).containsOnly(entry("2001:db8:1:2::/64", 7_200L));
        assertThat(SetElements.of(namespace, "ban4")).containsOnly(entry("10.1.2.3", 18_000L));
    }

    @Test
    void liftsBansOfAddressesPresentOrNot() throws IOException {
        table.ensure();
        table.addAddresses(List.of(ban("192.0.2.1", Duration.ofHours(1)), ban("192.0.2.2", Duration.ofHours(1)),
                ban("2001:db8::1", Duration.ofHours(1))), NOW);

        table.removeAddresses(List.of(BanTarget.parse("192.0.2.1"), BanTarget.parse("2001:db8::1"),
                BanTarget.parse("203.0.113.50")));

        assertThat(SetElements.of(namespace, "ban4")).containsOnlyKeys("192.0.2.2");
        assertThat(SetElements.of(namespace, "ban6")).isEmpty();
    }

    @Test
    void resyncReplacesEveryElementInOneTransactionAndCreatesAMissingTable() throws IOException {
        table.ensure();
        table.addAddresses(List.of(ban("192.0.2.1", Duration.ofHours(1)), ban("2001:db8::1", Duration.ofHours(1))), NOW);
        table.replaceNetworks(List.of(ban("10.0.0.0/8", Duration.ofHours(1))), NOW);

        table.resync(List.of(ban("192.0.2.2", Duration.ofHours(2)), ban("2001:db8::/64", Duration.ofHours(3))), NOW);

        assertThat(SetElements.of(namespace, "ban4")).containsOnly(entry("192.0.2.2", 7_200L));
        assertThat(SetElements.of(namespace, "ban6")).isEmpty();
        assertThat(SetElements.of(namespace, "net4")).isEmpty();
        assertThat(SetElements.of(namespace, "net6")).containsOnly(entry("2001:db8::/64", 10_800L));

        table.delete();
        table.resync(List.of(ban("192.0.2.3", Duration.ofHours(1))), NOW);
        assertThat(SetElements.of(namespace, "ban4")).containsOnlyKeys("192.0.2.3");
    }

    @Test
    void aRefusedTransactionChangesNothingAndReportsNftsError() throws IOException {
        // Something else made a set of the table's with another type: nft refuses the whole
        // resync, which must leave the other sets as they were.
        namespace.apply("""
                table inet vigie {
                  set ban4 { type ipv4_addr; flags timeout; elements = { 192.0.2.1 } }
                  set net6 { type inet_service; }
                }
                """);

        assertThatThrownBy(() -> table.resync(List.of(ban("192.0.2.2", Duration.ofHours(1))), NOW))
                .isInstanceOf(NftException.class)
                .hasMessageContaining("failed with exit status 1")
                .hasMessageContaining("Error:")
                .hasMessageContaining("net6");
        assertThat(SetElements.of(namespace, "ban4")).containsOnlyKeys("192.0.2.1");
    }

    @Test
    void addressesThatAreNotIpLiteralsNeverReachAScript() {
        for (String text : List.of("192.0.2.1 }; delete table inet filter; add element inet vigie ban4 { 1.1.1.1",
                "192.0.2.1\nflush ruleset", "example.com", "192.0.2.256", "192.0.2.1/33", "2001:db8::1/129",
                "fe80::1%eth0", "192.0.2.1/-1", "192.0.2.1/24/8", "", " 192.0.2.1", "0x7f.1")) {
            assertThatThrownBy(() -> BanTarget.parse(text)).as(text)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("not an IP address or network: '");
        }
        assertThat(BanTarget.parse("192.0.2.77/24").text()).isEqualTo("192.0.2.0/24");
        assertThat(BanTarget.parse("2001:DB8::5", true).text()).isEqualTo("2001:db8::/64");
        assertThat(BanTarget.parse("::ffff:192.0.2.1").text()).isEqualTo("192.0.2.1");
        assertThat(BanTarget.parse("2001:0db8:0:0:1:0:0:1").text()).isEqualTo("2001:db8::1:0:0:1");
        assertThat(BanTarget.parse("::").text()).isEqualTo("::");
        assertThat(BanTarget.address(BanTarget.parse("::/80").last(), 16)).isEqualTo("::ffff:ffff:ffff");
        assertThat(BanTarget.parse("1:0:0:2:0:0:0:3").text()).isEqualTo("1:0:0:2::3");
    }

    @Test
    void neverTouchesOtherTables() throws IOException {
        namespace.apply("""
                table inet filter {
                  set allowed { type ipv4_addr; elements = { 192.0.2.1 } }
                  chain input { type filter hook input priority 0; policy accept; tcp dport 22 accept; }
                }
                table ip nat {
                  chain postrouting { type nat hook postrouting priority 100; }
                }
                """);
        String others = namespace.nft("list", "ruleset");

        table.ensure();
        table.addAddresses(List.of(ban("192.0.2.1", Duration.ofHours(1))), NOW);
        table.replaceNetworks(List.of(ban("10.0.0.0/8", Duration.ofHours(1))), NOW);
        table.removeAddresses(List.of(BanTarget.parse("192.0.2.1")));
        table.resync(List.of(ban("192.0.2.9", Duration.ofHours(1))), NOW);
        assertThat(namespace.nft("list", "tables")).contains("table inet filter", "table ip nat", "table inet vigie");
        table.delete();

        assertThat(namespace.nft("list", "ruleset")).isEqualTo(others);
    }

    @Test
    void deletesItsTableAndDeletingAMissingOneIsNoError() throws IOException {
        table.resync(List.of(ban("192.0.2.1", Duration.ofHours(1))), NOW);

        table.delete();
        assertThat(namespace.nft("list", "tables")).doesNotContain("vigie");
        table.delete();
        assertThat(namespace.nft("list", "tables")).doesNotContain("vigie");
    }

    @Test
    void aMissingBinaryOrAHungOneIsAClearError(@TempDir Path dir) throws IOException {
        NftTable missing = new NftTable(dir.resolve("no-nft"), Duration.ofSeconds(5));
        assertThatThrownBy(missing::ensure).isInstanceOf(NftException.class)
                .hasMessageStartingWith("cannot start " + dir.resolve("no-nft"));

        Path hung = dir.resolve("hung-nft");
        Files.writeString(hung, "#!/bin/sh\nexec sleep 60\n");
        Files.setPosixFilePermissions(hung, PosixFilePermissions.fromString("rwx------"));
        assertThatThrownBy(() -> new NftTable(hung, Duration.ofMillis(300)).ensure()).isInstanceOf(NftException.class)
                .hasMessage(hung + " -f - did not finish within 300 ms; killed");
    }

    private static Ban ban(String target, Duration remaining) {
        return new Ban(BanTarget.parse(target), NOW.plus(remaining), "test", Ban.Origin.LOCAL);
    }
}
