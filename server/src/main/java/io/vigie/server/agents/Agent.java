package io.vigie.server.agents;

import java.time.Instant;
import java.util.UUID;

/**
 * An enrolled agent as stored. The secret itself is never stored, only its SHA-256.
 *
 * @param id identifier, sent by the agent with its secret
 * @param serverId the server it reports for
 * @param secretHash SHA-256 of the secret
 * @param agentVersion version reported by the agent
 * @param enrolledAt enrollment time
 * @param revokedAt revocation time (re-enrollment revokes the previous agent)
 * @param lastContactAt last authenticated call
 * @param facts JSON of the most recent host facts
 * @param factsObservedAt when those facts were observed
 * @param clockSkewMillis how far the agent's clock was ahead (negative: behind) at its last batch, if known
 */
record Agent(UUID id, UUID serverId, String secretHash, String agentVersion, Instant enrolledAt, Instant revokedAt,
        Instant lastContactAt, String facts, Instant factsObservedAt, Long clockSkewMillis) {
}
