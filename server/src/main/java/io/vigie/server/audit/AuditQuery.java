package io.vigie.server.audit;

import java.time.Instant;
import java.util.UUID;

/**
 * Filters of an audit search; every field is optional.
 *
 * @param text matched (case-insensitive) against the actor, action, entity and summary
 * @param action exact action or prefix ending with a dot, e.g. {@code server.}
 * @param clientId only entries of this client
 * @param entityId only entries about this record
 * @param from entries at or after
 * @param to entries before
 * @param limit maximum entries returned (1 to 500)
 */
public record AuditQuery(String text, String action, UUID clientId, String entityId, Instant from, Instant to,
        Integer limit) {

    /** @return the limit, defaulted and bounded */
    public int boundedLimit() {
        return limit == null ? 100 : Math.max(1, Math.min(500, limit));
    }
}
