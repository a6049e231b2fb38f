package io.vigie.server.clients;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.vigie.server.audit.AuditService;
import io.vigie.server.platform.ConflictException;
import io.vigie.server.platform.NotFoundException;
import io.vigie.server.users.CurrentUser;

/**
 * Clients and their contacts. Staff create and change them; a client user sees only their own
 * client. Every change is audited with the state before and after.
 */
@Service
public class ClientService {

    private final ClientRepository repository;
    private final AuditService audit;
    private final Clock clock;

    ClientService(ClientRepository repository, AuditService audit, Clock clock) {
        this.repository = repository;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * @param viewer who asks
     * @param includeArchived whether to list archived clients too
     * @param search optional text matched against the name and SIREN
     * @return the clients the viewer may see
     */
    @Transactional(readOnly = true)
    public List<Client> list(CurrentUser viewer, boolean includeArchived, String search) {
        return repository.list(viewer.restrictedToClient().orElse(null), includeArchived, search);
    }

    /**
     * @param id a client id
     * @param viewer who asks
     * @return the client, if the viewer may see it
     */
    @Transactional(readOnly = true)
    public Client get(UUID id, CurrentUser viewer) {
        return repository.find(id).filter(c -> viewer.canSee(c.id())).orElseThrow(() -> new NotFoundException("client", id));
    }

    /**
     * @param id a client id
     * @return the client, for other features that check a reference (no tenant filter)
     */
    @Transactional(readOnly = true)
    public Optional<Client> find(UUID id) {
        return repository.find(id);
    }

    /**
     * Creates a client.
     *
     * @param details what the operator entered
     * @return the client
     */
    @Transactional
    public Client create(ClientDetails details) {
        Instant now = clock.instant();
        Client client = normalise(UUID.randomUUID(), details, now, now, null);
        repository.insert(client);
        audit.recordChange("client.created", "client", client.id(), client.id(), null, client);
        return client;
    }

    /**
     * Changes a client.
     *
     * @param id the client
     * @param details the new details
     * @param viewer who changes it
     * @return the client after the change
     */
    @Transactional
    public Client update(UUID id, ClientDetails details, CurrentUser viewer) {
        Client before = get(id, viewer);
        if (before.archivedAt() != null) {
            throw new ConflictException("this client is archived");
        }
        Client after = normalise(id, details, before.createdAt(), clock.instant(), null);
        repository.update(after);
        audit.recordChange("client.updated", "client", id, id, before, after);
        return after;
    }

    /**
     * Archives a client: it disappears from lists but its history stays.
     *
     * @param id the client
     * @param viewer who archives it
     * @return the archived client
     */
    @Transactional
    public Client archive(UUID id, CurrentUser viewer) {
        Client before = get(id, viewer);
        if (before.archivedAt() != null) {
            return before;
        }
        Instant now = clock.instant();
        Client after = new Client(before.id(), before.name(), before.siren(), before.vatNumber(), before.addressLine1(),
                before.addressLine2(), before.postalCode(), before.city(), before.country(), before.createdAt(), now, now);
        repository.update(after);
        audit.recordChange("client.archived", "client", id, id, before, after);
        return after;
    }

    /**
     * @param clientId the client
     * @param viewer who asks
     * @return its contacts
     */
    @Transactional(readOnly = true)
    public List<ClientContact> contacts(UUID clientId, CurrentUser viewer) {
        get(clientId, viewer);
        return repository.contacts(clientId);
    }

    /**
     * Adds a contact to a client.
     *
     * @param clientId the client
     * @param details the contact
     * @param viewer who adds it
     * @return the contact
     */
    @Transactional
    public ClientContact addContact(UUID clientId, ContactDetails details, CurrentUser viewer) {
        get(clientId, viewer);
        ClientContact contact = contact(UUID.randomUUID(), clientId, details);
        repository.insertContact(contact, clock.instant());
        audit.recordChange("client.contact.added", "client-contact", contact.id(), clientId, null, contact);
        return contact;
    }

    /**
     * Changes a contact.
     *
     * @param contactId the contact
     * @param details the new details
     * @param viewer who changes it
     * @return the contact after the change
     */
    @Transactional
    public ClientContact updateContact(UUID contactId, ContactDetails details, CurrentUser viewer) {
        ClientContact before = visibleContact(contactId, viewer);
        ClientContact after = contact(contactId, before.clientId(), details);
        repository.updateContact(after);
        audit.recordChange("client.contact.updated", "client-contact", contactId, before.clientId(), before, after);
        return after;
    }

    /**
     * Removes a contact.
     *
     * @param contactId the contact
     * @param viewer who removes it
     */
    @Transactional
    public void removeContact(UUID contactId, CurrentUser viewer) {
        ClientContact before = visibleContact(contactId, viewer);
        repository.deleteContact(contactId);
        audit.recordChange("client.contact.removed", "client-contact", contactId, before.clientId(), before, null);
    }

    /**
     * @param contactId a contact id
     * @return the client owning it, if it exists
     */
    @Transactional(readOnly = true)
    public Optional<UUID> clientOfContact(UUID contactId) {
        return repository.contact(contactId).map(ClientContact::clientId);
    }

    private ClientContact visibleContact(UUID contactId, CurrentUser viewer) {
        return repository.contact(contactId).filter(c -> viewer.canSee(c.clientId()))
                .orElseThrow(() -> new NotFoundException("contact", contactId));
    }

    private static ClientContact contact(UUID id, UUID clientId, ContactDetails d) {
        return new ClientContact(id, clientId, d.name().strip(), d.email().strip(), blankToNull(d.phone()), d.billing(),
                d.technical(), d.notifications());
    }

    private Client normalise(UUID id, ClientDetails d, Instant created, Instant updated, Instant archived) {
        String siren = CompanyNumbers.siren(d.siren());
        String vat = CompanyNumbers.vatNumber(d.vatNumber(), siren);
        if (siren != null && repository.sirenTaken(siren, id)) {
            throw new ConflictException("another client has this SIREN");
        }
        String country = d.country() == null || d.country().isBlank() ? "FR" : d.country().toUpperCase(Locale.ROOT);
        return new Client(id, d.name().strip(), siren, vat, blankToNull(d.addressLine1()), blankToNull(d.addressLine2()),
                blankToNull(d.postalCode()), blankToNull(d.city()), country, created, updated, archived);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
