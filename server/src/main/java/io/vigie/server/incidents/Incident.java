package io.vigie.server.incidents;

import java.time.Instant;
import java.util.UUID;

/**
 * Something wrong that someone must look at: opened by an alert rule or an uptime monitor,
 * deduplicated by its cause, acknowledged by an operator, resolved when the cause recovers.
 *
 * @param id identifier
 * @param clientId the client concerned
 * @param serverId the server concerned, if any
 * @param monitorId the uptime monitor that opened it, if any
 * @param dedupKey the cause: one open incident per cause
 * @param kind what opened it
 * @param severity how urgent
 * @param title what is wrong, in English (the console translates known titles)
 * @param state open, acknowledged or resolved
 * @param openedAt when it opened
 * @param acknowledgedAt when an operator acknowledged it
 * @param acknowledgedBy who did
 * @param resolvedAt when it resolved
 * @param supplierTicket the hardware supplier's ticket reference (HW-2)
 * @param silenced opened during a maintenance window and still held by it: not notified
 *        (docs/maintenance.md)
 */
public record Incident(UUID id, UUID clientId, UUID serverId, UUID monitorId, String dedupKey, Kind kind,
        Severity severity, String title, State state, Instant openedAt, Instant acknowledgedAt, UUID acknowledgedBy,
        Instant resolvedAt, String supplierTicket, boolean silenced) {

    /** What opened an incident. */
    public enum Kind {
        /** A metric alert rule. */
        ALERT,
        /** An uptime monitor. */
        UPTIME,
        /** A hardware fault (SMART, RAID): the supplier must intervene (HW-2). */
        HARDWARE
    }

    /** How urgent an incident is. */
    public enum Severity {
        /** Service is or will soon be affected. */
        CRITICAL,
        /** Needs attention. */
        WARNING
    }

    /** Where an incident stands. */
    public enum State {
        /** Open, nobody has taken it yet: reminders are sent. */
        OPEN,
        /** Open, an operator is on it. */
        ACKNOWLEDGED,
        /** Its cause recovered. */
        RESOLVED
    }

    /**
     * What a rule or a monitor asks to open.
     *
     * @param clientId the client concerned
     * @param serverId the server, if any
     * @param monitorId the monitor, if any
     * @param dedupKey the cause, e.g. {@code alert:<serverId>:cpu:} or {@code uptime:<monitorId>}
     * @param kind what opens it
     * @param severity how urgent
     * @param title what is wrong, in English
     * @param detail the observation that opened it (value, threshold, error), for the timeline
     */
    public record Opening(UUID clientId, UUID serverId, UUID monitorId, String dedupKey, Kind kind, Severity severity,
            String title, String detail) {
    }
}
