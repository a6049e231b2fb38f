package io.vigie.protocol;

import java.time.Instant;

/**
 * Payload of a {@link MessageType#HEARTBEAT} message: proof that the agent was alive at
 * {@code observedAt}, with the host's current facts. Heartbeats go through the spool, so those
 * written while the control plane was unreachable still arrive, in order, and show that the host
 * was up during the outage.
 *
 * @param observedAt when the agent took this heartbeat
 * @param facts the host's facts at that time
 */
public record Heartbeat(Instant observedAt, HostFacts facts) {
}
