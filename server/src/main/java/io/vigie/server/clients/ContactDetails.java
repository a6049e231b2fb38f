package io.vigie.server.clients;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * What an operator enters for a contact.
 *
 * @param name full name
 * @param email e-mail address
 * @param phone phone number (digits, spaces, +, dots, dashes, parentheses), or blank
 * @param billing receives invoices and contractual notices
 * @param technical technical contact
 * @param notifications receives notifications
 */
public record ContactDetails(
        @NotBlank @Size(max = 200) String name,
        @NotBlank @Email @Size(max = 254) String email,
        @Pattern(regexp = "^$|^[+0-9 ().-]{6,30}$", message = "must be a phone number") String phone,
        boolean billing,
        boolean technical,
        boolean notifications) {
}
