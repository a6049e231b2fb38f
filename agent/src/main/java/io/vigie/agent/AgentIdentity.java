package io.vigie.agent;

import io.vigie.agent.transport.AgentCredentials;
import io.vigie.agent.transport.Fingerprint;
import java.net.URI;
import java.time.Instant;
import java.util.UUID;

/**
 * What enrollment gave the agent, as stored in {@code <state-dir>/agent.json} (mode 0600). The
 * secret never leaves this file except in the {@code Authorization} header; {@link #toString()}
 * hides it.
 *
 * @param serverUrl the control plane's agent API base URL
 * @param fingerprint the pinned certificate fingerprint, canonical form
 * @param agentId this agent's identity
 * @param secret this agent's secret
 * @param serverId the managed server this agent reports for
 * @param heartbeatIntervalSeconds the interval the control plane asked for
 * @param enrolledAt when the enrollment happened
 */
public record AgentIdentity(URI serverUrl, String fingerprint, UUID agentId, String secret, UUID serverId,
                            long heartbeatIntervalSeconds, Instant enrolledAt) {

    /** @return the credential presented on every call */
    public AgentCredentials credentials() {
        return new AgentCredentials(agentId, secret);
    }

    /** @return the pinned fingerprint */
    public Fingerprint pin() {
        return Fingerprint.parse(fingerprint);
    }

    @Override
    public String toString() {
        return "AgentIdentity[serverUrl=" + serverUrl + ", fingerprint=" + fingerprint + ", agentId=" + agentId
                + ", secret=(hidden), serverId=" + serverId + ", heartbeatIntervalSeconds=" + heartbeatIntervalSeconds
                + ", enrolledAt=" + enrolledAt + "]";
    }
}
