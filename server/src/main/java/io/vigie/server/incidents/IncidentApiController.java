package io.vigie.server.incidents;

import java.util.List;
import java.util.UUID;

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

/** REST API of incidents: list, detail with timeline, acknowledgement, supplier ticket. */
@RestController
@RequestMapping("/api/v1/incidents")
@Tag(name = "Incidents")
class IncidentApiController {

    private static final String STAFF = "hasAnyRole('ADMIN','OPERATOR')";

    private final IncidentService incidents;

    IncidentApiController(IncidentService incidents) {
        this.incidents = incidents;
    }

    /**
     * An incident with its timeline.
     *
     * @param incident the incident
     * @param timeline its events, oldest first
     */
    record IncidentDetail(Incident incident, List<IncidentEvent> timeline) {
    }

    /**
     * @param supplierTicket the hardware supplier's ticket reference
     */
    record SupplierTicket(String supplierTicket) {
    }

    @GetMapping
    List<Incident> list(@RequestParam(required = false) UUID clientId,
            @RequestParam(defaultValue = "false") boolean open) {
        return incidents.list(CurrentUser.require(), clientId, open);
    }

    @GetMapping("/{incidentId}")
    IncidentDetail get(@PathVariable UUID incidentId) {
        return new IncidentDetail(incidents.get(incidentId, CurrentUser.require()), incidents.timeline(incidentId));
    }

    @PostMapping("/{incidentId}/acknowledge")
    @PreAuthorize(STAFF)
    Incident acknowledge(@PathVariable UUID incidentId) {
        return incidents.acknowledge(incidentId, CurrentUser.require());
    }

    @PutMapping("/{incidentId}/supplier-ticket")
    @PreAuthorize(STAFF)
    Incident supplierTicket(@PathVariable UUID incidentId, @RequestBody SupplierTicket ticket) {
        return incidents.setSupplierTicket(incidentId, ticket.supplierTicket(), CurrentUser.require());
    }
}
