package io.vigie.server.agents;

import java.time.Instant;
import java.util.UUID;

/**
 * A valid agent message seen for the first time, as given to its {@link AgentMessageHandler}.
 *
 * @param <T> the payload type
 * @param serverId the server the agent reports for
 * @param agentId the agent
 * @param messageId the message's idempotency key
 * @param payload the payload
 * @param receivedAt when the control plane received it
 */
public record ReceivedMessage<T>(UUID serverId, UUID agentId, UUID messageId, T payload, Instant receivedAt) {
}
