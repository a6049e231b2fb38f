package io.vigie.server.clients;

import java.util.UUID;

/**
 * A person at a client: who receives invoices, who is the technical contact, who is notified of
 * incidents and interventions.
 *
 * @param id identifier
 * @param clientId the client
 * @param name full name
 * @param email e-mail address
 * @param phone phone number, if any
 * @param billing receives invoices and contractual notices
 * @param technical technical contact
 * @param notifications receives incident and intervention notifications
 */
public record ClientContact(UUID id, UUID clientId, String name, String email, String phone, boolean billing,
        boolean technical, boolean notifications) {
}
