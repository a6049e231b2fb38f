package io.vigie.server.clients;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.vigie.server.users.CurrentUser;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

/** REST API for clients and their contacts. */
@RestController
@RequestMapping("/api/v1/clients")
@Tag(name = "Clients")
class ClientApiController {

    private final ClientService clients;

    ClientApiController(ClientService clients) {
        this.clients = clients;
    }

    @GetMapping
    List<Client> list(@RequestParam(defaultValue = "false") boolean archived, @RequestParam(required = false) String q) {
        return clients.list(CurrentUser.require(), archived, q);
    }

    @GetMapping("/{clientId}")
    Client get(@PathVariable UUID clientId) {
        return clients.get(clientId, CurrentUser.require());
    }

    @PostMapping
    @PreAuthorize("hasAnyRole('ADMIN','OPERATOR')")
    ResponseEntity<Client> create(@Valid @RequestBody ClientDetails details) {
        Client client = clients.create(details);
        return ResponseEntity.created(URI.create("/api/v1/clients/" + client.id())).body(client);
    }

    @PutMapping("/{clientId}")
    @PreAuthorize("hasAnyRole('ADMIN','OPERATOR')")
    Client update(@PathVariable UUID clientId, @Valid @RequestBody ClientDetails details) {
        return clients.update(clientId, details, CurrentUser.require());
    }

    @PostMapping("/{clientId}/archive")
    @PreAuthorize("hasAnyRole('ADMIN','OPERATOR')")
    Client archive(@PathVariable UUID clientId) {
        return clients.archive(clientId, CurrentUser.require());
    }

    @GetMapping("/{clientId}/contacts")
    List<ClientContact> contacts(@PathVariable UUID clientId) {
        return clients.contacts(clientId, CurrentUser.require());
    }

    @PostMapping("/{clientId}/contacts")
    @PreAuthorize("hasAnyRole('ADMIN','OPERATOR')")
    ResponseEntity<ClientContact> addContact(@PathVariable UUID clientId, @Valid @RequestBody ContactDetails details) {
        ClientContact contact = clients.addContact(clientId, details, CurrentUser.require());
        return ResponseEntity.created(URI.create("/api/v1/clients/" + clientId + "/contacts/" + contact.id()))
                .body(contact);
    }

    @PutMapping("/{clientId}/contacts/{contactId}")
    @PreAuthorize("hasAnyRole('ADMIN','OPERATOR')")
    ClientContact updateContact(@PathVariable UUID clientId, @PathVariable UUID contactId,
            @Valid @RequestBody ContactDetails details) {
        requireContactOf(clientId, contactId);
        return clients.updateContact(contactId, details, CurrentUser.require());
    }

    @DeleteMapping("/{clientId}/contacts/{contactId}")
    @PreAuthorize("hasAnyRole('ADMIN','OPERATOR')")
    ResponseEntity<Void> removeContact(@PathVariable UUID clientId, @PathVariable UUID contactId) {
        requireContactOf(clientId, contactId);
        clients.removeContact(contactId, CurrentUser.require());
        return ResponseEntity.noContent().build();
    }

    private void requireContactOf(UUID clientId, UUID contactId) {
        if (!clients.clientOfContact(contactId).map(clientId::equals).orElse(false)) {
            throw new io.vigie.server.platform.NotFoundException("contact", contactId);
        }
    }
}
