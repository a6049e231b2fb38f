package io.vigie.server.clients;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * What an operator enters to create or change a client.
 *
 * @param name company name
 * @param siren 9 digits with a valid check digit, or blank
 * @param vatNumber intra-community VAT number, or blank
 * @param addressLine1 invoice address, first line
 * @param addressLine2 invoice address, second line
 * @param postalCode postal code
 * @param city city
 * @param country ISO 3166-1 alpha-2 code; blank means FR
 */
public record ClientDetails(
        @NotBlank @Size(max = 200) String name,
        @Pattern(regexp = "^$|^[0-9 ]{9,11}$", message = "must be 9 digits") String siren,
        @Size(max = 20) String vatNumber,
        @Size(max = 200) String addressLine1,
        @Size(max = 200) String addressLine2,
        @Size(max = 20) String postalCode,
        @Size(max = 100) String city,
        @Pattern(regexp = "^$|^[A-Za-z]{2}$", message = "must be a 2-letter country code") String country) {
}
