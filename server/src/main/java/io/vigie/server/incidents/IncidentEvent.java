package io.vigie.server.incidents;

import java.time.Instant;
import java.util.UUID;

/**
 * One entry of an incident's timeline.
 *
 * @param id identifier, increasing
 * @param incidentId the incident
 * @param at when
 * @param type opened, acknowledged, resolved, reminder, ticket or note
 * @param actorId the user, for a human action
 * @param detail what happened (value, error, note)
 */
public record IncidentEvent(long id, UUID incidentId, Instant at, String type, UUID actorId, String detail) {
}
