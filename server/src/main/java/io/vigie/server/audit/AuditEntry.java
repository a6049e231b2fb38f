package io.vigie.server.audit;

import java.time.Instant;
import java.util.UUID;

/**
 * One line of the audit trail: who did what, when, to what, and the state before and after.
 *
 * @param id sequence number
 * @param at when
 * @param actorId the user who acted, null for the system or an anonymous caller
 * @param actorLabel the actor as shown (e-mail, "system", "agent ...")
 * @param clientId the client whose data changed, null for provider-wide entries
 * @param action what happened, dotted, e.g. {@code server.created}
 * @param entityType the kind of record, e.g. {@code server}
 * @param entityId its identifier
 * @param summary a short human description
 * @param before JSON of the record before the change, or null
 * @param after JSON of the record after the change, or null
 * @param sourceIp address of the caller, if known
 */
public record AuditEntry(long id, Instant at, UUID actorId, String actorLabel, UUID clientId, String action,
        String entityType, String entityId, String summary, String before, String after, String sourceIp) {
}
