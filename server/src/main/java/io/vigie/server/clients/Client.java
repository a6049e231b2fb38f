package io.vigie.server.clients;

import java.time.Instant;
import java.util.UUID;

/**
 * A client of the provider: one company, one tenant. Its invoice address is where contractual
 * notices are sent (OPS-11).
 *
 * @param id identifier
 * @param name company name
 * @param siren French company number (9 digits), if any
 * @param vatNumber intra-community VAT number, if any
 * @param addressLine1 invoice address, first line
 * @param addressLine2 invoice address, second line
 * @param postalCode postal code
 * @param city city
 * @param country ISO 3166-1 alpha-2 country code
 * @param createdAt creation time
 * @param updatedAt last change
 * @param archivedAt when archived, if it was
 */
public record Client(UUID id, String name, String siren, String vatNumber, String addressLine1, String addressLine2,
        String postalCode, String city, String country, Instant createdAt, Instant updatedAt, Instant archivedAt) {
}
