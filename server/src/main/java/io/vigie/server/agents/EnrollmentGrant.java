package io.vigie.server.agents;

import java.time.Instant;
import java.util.UUID;

/**
 * A one-time enrollment token just issued, shown once to the operator with what the agent needs.
 *
 * @param serverId the server the agent will report for
 * @param token the token itself (only its hash is stored)
 * @param expiresAt end of validity (24 h by default)
 * @param serverUrl the agent endpoint URL
 * @param fingerprint the CA fingerprint to pin
 * @param command the command to run on the server
 */
public record EnrollmentGrant(UUID serverId, String token, Instant expiresAt, String serverUrl, String fingerprint,
        String command) {
}
