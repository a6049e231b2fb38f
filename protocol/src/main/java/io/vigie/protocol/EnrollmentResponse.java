package io.vigie.protocol;

import java.util.UUID;

/**
 * The identity the control plane gives an agent at enrollment. The secret is shown only here;
 * the control plane keeps only its hash.
 *
 * @param agentId identity of the agent, sent with every later call
 * @param secret the agent's secret, to be stored readable by the agent only
 * @param serverId the managed server this agent reports for
 * @param heartbeatIntervalSeconds how often the agent must send a heartbeat
 */
public record EnrollmentResponse(UUID agentId, String secret, UUID serverId, long heartbeatIntervalSeconds) {
}
