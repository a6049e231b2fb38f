package io.vigie.server.agents;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import io.vigie.protocol.HostFacts;

/**
 * What the console shows of a server's agent: whether it is online, and the host's facts.
 *
 * @param serverId the server
 * @param state the agent's state
 * @param agentId the active agent, or null when none is enrolled
 * @param agentVersion its version, if known
 * @param enrolledAt when it was enrolled
 * @param lastContactAt last authenticated call from the agent
 * @param facts the most recent host facts, or null
 * @param factsObservedAt when those facts were observed on the host
 * @param clockSkew how far the agent's clock was ahead of the control plane's (negative: behind)
 *     at its last batch, or null when unknown
 */
public record AgentStatus(UUID serverId, State state, UUID agentId, String agentVersion, Instant enrolledAt,
        Instant lastContactAt, HostFacts facts, Instant factsObservedAt, Duration clockSkew) {

    /** Beyond this, a clock is shown as off: time stamps of metrics and logs would mislead. */
    public static final Duration CLOCK_TOLERANCE = Duration.ofSeconds(30);

    /** @return whether the agent's clock is off by more than {@link #CLOCK_TOLERANCE} */
    public boolean clockOff() {
        return clockSkew != null && clockSkew.abs().compareTo(CLOCK_TOLERANCE) > 0;
    }


    /** The states of a server's agent. */
    public enum State {
        /** No agent was ever enrolled (or the last one was revoked). */
        NOT_ENROLLED,
        /** Enrolled and heard from within three heartbeat intervals. */
        ONLINE,
        /** Enrolled but silent for three heartbeat intervals or more. */
        OFFLINE
    }
}
