package io.vigie.agent.transport;

import io.vigie.protocol.AgentProtocol;
import java.util.Objects;
import java.util.UUID;

/**
 * What the agent presents on every call after enrollment. {@link #toString()} hides the secret,
 * so that a credential logged by mistake leaks nothing.
 *
 * @param agentId the identity given at enrollment
 * @param secret the secret given at enrollment
 */
public record AgentCredentials(UUID agentId, String secret) {

    /**
     * @param agentId the identity given at enrollment
     * @param secret the secret given at enrollment
     */
    public AgentCredentials {
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(secret, "secret");
    }

    /** @return the value of the {@code Authorization} header */
    public String authorization() {
        return AgentProtocol.authorization(agentId, secret);
    }

    @Override
    public String toString() {
        return "AgentCredentials[agentId=" + agentId + ", secret=(hidden)]";
    }
}
