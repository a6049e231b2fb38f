package io.vigie.agent.firewall;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.agent.firewall.NetworkRanges.Range;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Nested and adjacent network bans become disjoint ranges carrying the latest end covering each address. */
class NetworkRangesTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void aLongerBanInsideAShorterOneSplitsItAndAShorterOneInsideALongerOneVanishes() {
        assertThat(text(NetworkRanges.of(List.of(ban("10.0.0.0/16", 1), ban("10.0.5.0/24", 3), ban("10.0.6.0/24", 0)))))
                .containsExactly("10.0.0.0-10.0.4.255@1", "10.0.5.0-10.0.5.255@3", "10.0.6.0-10.0.255.255@1");
    }

    @Test
    void adjacentNetworksEndingTogetherMergeAndOthersStaySeparate() {
        assertThat(text(NetworkRanges.of(List.of(ban("192.0.2.0/25", 2), ban("192.0.2.128/25", 2), ban("192.0.3.0/24", 5)))))
                .containsExactly("192.0.2.0-192.0.2.255@2", "192.0.3.0-192.0.3.255@5");
    }

    @Test
    void ipv6NetworksUpToTheLastAddress() {
        assertThat(text(NetworkRanges.of(List.of(ban("::/0", 1), ban("ffff::/16", 2)))))
                .containsExactly("::-fffe:ffff:ffff:ffff:ffff:ffff:ffff:ffff@1",
                        "ffff::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff@2");
        assertThat(NetworkRanges.of(List.of())).isEmpty();
    }

    private static Ban ban(String network, int hours) {
        return new Ban(BanTarget.parse(network), NOW.plus(Duration.ofHours(hours)), "test", Ban.Origin.CONTROL_PLANE);
    }

    private static List<String> text(List<Range> ranges) {
        int length = ranges.isEmpty() || ranges.getLast().last().bitLength() > 32 ? 16 : 4;
        return ranges.stream().map(r -> BanTarget.address(r.first(), length) + "-" + BanTarget.address(r.last(), length)
                + "@" + Duration.between(NOW, r.expires()).toHours()).toList();
    }
}
