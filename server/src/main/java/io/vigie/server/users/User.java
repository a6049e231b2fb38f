package io.vigie.server.users;

import java.time.Instant;
import java.util.UUID;

/**
 * A user account as shown and audited. The password hash is not part of it, on purpose: it must
 * never reach a page, an API answer or the audit log.
 *
 * @param id identifier
 * @param email login, unique without regard to case
 * @param displayName name shown
 * @param role role
 * @param clientId the client of a {@code CLIENT} user, else null
 * @param lockedUntil end of a lock after repeated failed logins, if any
 * @param createdAt creation time
 * @param archivedAt when the account was disabled, if it was
 */
public record User(UUID id, String email, String displayName, Role role, UUID clientId, Instant lockedUntil,
        Instant createdAt, Instant archivedAt) {

    /** @return the principal for this user */
    public CurrentUser asCurrentUser() {
        return new CurrentUser(id, email, displayName, role, clientId);
    }
}
