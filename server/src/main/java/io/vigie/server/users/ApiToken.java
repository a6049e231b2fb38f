package io.vigie.server.users;

import java.time.Instant;
import java.util.UUID;

/**
 * A personal API token as listed: never the token itself, which is shown once at creation.
 *
 * @param id identifier
 * @param userId owner
 * @param name what the owner called it
 * @param prefix the first characters of the token, to recognise it
 * @param createdAt creation time
 * @param expiresAt expiry, or null for none
 * @param lastUsedAt last use, or null
 * @param revokedAt revocation time, or null while valid
 */
public record ApiToken(UUID id, UUID userId, String name, String prefix, Instant createdAt, Instant expiresAt,
        Instant lastUsedAt, Instant revokedAt) {

    /**
     * A token just created, with its value, to be shown once.
     *
     * @param token the listed token
     * @param value the secret value
     */
    public record Created(ApiToken token, String value) {
    }
}
