package io.vigie.server.servers;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.vigie.server.users.CurrentUser;
import jakarta.validation.Valid;

/** REST API for the server inventory. */
@RestController
@RequestMapping("/api/v1/servers")
@Tag(name = "Servers")
class ServerApiController {

    private final ServerService servers;

    ServerApiController(ServerService servers) {
        this.servers = servers;
    }

    @GetMapping
    List<Server> list(@RequestParam(required = false) UUID clientId, @RequestParam(required = false) UUID contractId,
            @RequestParam(defaultValue = "false") boolean archived) {
        return servers.list(CurrentUser.require(), clientId, contractId, archived);
    }

    @GetMapping("/{serverId}")
    Server get(@PathVariable UUID serverId) {
        return servers.get(serverId, CurrentUser.require());
    }

    @PostMapping
    @PreAuthorize("hasAnyRole('ADMIN','OPERATOR')")
    ResponseEntity<Server> create(@Valid @RequestBody ServerDetails details) {
        Server server = servers.create(details);
        return ResponseEntity.created(URI.create("/api/v1/servers/" + server.id())).body(server);
    }

    @PutMapping("/{serverId}")
    @PreAuthorize("hasAnyRole('ADMIN','OPERATOR')")
    Server update(@PathVariable UUID serverId, @Valid @RequestBody ServerDetails details) {
        return servers.update(serverId, details, CurrentUser.require());
    }

    @PostMapping("/{serverId}/archive")
    @PreAuthorize("hasAnyRole('ADMIN','OPERATOR')")
    Server archive(@PathVariable UUID serverId) {
        return servers.archive(serverId, CurrentUser.require());
    }
}
