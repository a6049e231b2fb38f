package io.vigie.server.contracts;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * A managed-service contract between the provider and one client, covering one or more servers.
 * Its initial term is at least 12 months (CON-1).
 *
 * @param id identifier
 * @param clientId the client
 * @param reference the provider's reference, unique
 * @param startDate first day of service
 * @param termMonths length of the term in months (at least 12)
 * @param status status
 * @param notes free notes
 * @param createdAt creation time
 * @param updatedAt last change
 * @param archivedAt when archived, if it was
 */
public record Contract(UUID id, UUID clientId, String reference, LocalDate startDate, int termMonths,
        ContractStatus status, String notes, Instant createdAt, Instant updatedAt, Instant archivedAt) {

    /** @return the anniversary date that ends the current term (CON-1) */
    public LocalDate termEnd() {
        return startDate.plusMonths(termMonths);
    }
}
