package io.vigie.server.uptime;

import java.time.Instant;
import java.util.UUID;

/**
 * An uptime monitor (docs/uptime.md): what to check, how often, and what counts as a success.
 *
 * @param id identifier
 * @param clientId the client whose service it checks
 * @param serverId the client's server it watches, if any
 * @param type HTTP, TCP or DNS
 * @param name what operators call it
 * @param target URL, {@code host:port} or DNS name, by type
 * @param intervalSeconds seconds between checks, 20 to 3600
 * @param timeoutSeconds bound of one attempt, 1 to 30, less than the interval
 * @param expectedStatus HTTP: accepted status codes, e.g. {@code 200-399}
 * @param keyword HTTP: text the body must contain, or null
 * @param certWarningDays HTTPS: fewer days left than this on the certificate fails; 0 = not checked
 * @param expectedAddress DNS: an address that must be among the answers, or null
 * @param enabled whether it is checked
 * @param createdAt creation time
 * @param updatedAt last change
 * @param archivedAt when archived, if it was
 */
public record Monitor(UUID id, UUID clientId, UUID serverId, MonitorType type, String name, String target,
        int intervalSeconds, int timeoutSeconds, String expectedStatus, String keyword, int certWarningDays,
        String expectedAddress, boolean enabled, Instant createdAt, Instant updatedAt, Instant archivedAt) {

    /** @return the deduplication key of this monitor's incidents */
    public String incidentKey() {
        return "uptime:" + id;
    }

    /** @return whether the scheduler checks it */
    public boolean active() {
        return enabled && archivedAt == null;
    }
}
