package io.vigie.server.incidents;

import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.vigie.server.web.TenantOwnership;

/** Resolves {@code {incidentId}} in URLs to its client, for the tenant check. */
@Component
class IncidentOwnership implements TenantOwnership {

    private final IncidentService incidents;

    IncidentOwnership(IncidentService incidents) {
        this.incidents = incidents;
    }

    @Override
    public String pathVariable() {
        return "incidentId";
    }

    @Override
    public Optional<UUID> ownerOf(UUID id) {
        return incidents.clientOf(id);
    }
}
