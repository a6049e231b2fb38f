package io.vigie.agent.testing;

import io.vigie.protocol.Heartbeat;
import io.vigie.protocol.HostFacts;
import java.time.Instant;
import java.util.List;

/** Small fixed payloads for tests. */
public final class Samples {

    private Samples() {
    }

    /** @return plausible facts of a host */
    public static HostFacts facts() {
        return facts("web-1");
    }

    /**
     * @param hostname the host name to report
     * @return plausible facts of a host with that name
     */
    public static HostFacts facts(String hostname) {
        return new HostFacts(hostname, "Debian GNU/Linux", "12 (bookworm)", "6.1.0-28-amd64", "amd64", 4242,
                "Test CPU", 2, 2L << 30, 0, List.of(new HostFacts.Disk("/dev/vda1", "/", "ext4", 10L << 30, 3L << 30)),
                List.of(new HostFacts.InterfaceAddress("eth0", "192.0.2.10", 24)), "test");
    }

    /**
     * @param second seconds after 2026-01-01T00:00:00Z
     * @return a heartbeat observed then
     */
    public static Heartbeat heartbeat(int second) {
        return new Heartbeat(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(second), facts());
    }
}
