package io.vigie.server.alerts;

import java.util.List;
import java.util.UUID;

import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.vigie.server.users.CurrentUser;

/** REST API of alert rules: the rules as they apply to a server, and overrides. */
@RestController
@Tag(name = "Alerts")
class AlertApiController {

    private final AlertSettings settings;

    AlertApiController(AlertSettings settings) {
        this.settings = settings;
    }

    @GetMapping("/api/v1/servers/{serverId}/alert-rules")
    List<AlertSettings.Effective> rules(@PathVariable UUID serverId) {
        return settings.effective(serverId, CurrentUser.require());
    }

    @PutMapping("/api/v1/alert-overrides")
    @PreAuthorize("hasAnyRole('ADMIN','OPERATOR')")
    ResponseEntity<Void> override(@RequestBody AlertSettings.OverrideRequest request) {
        settings.setOverride(request, CurrentUser.require());
        return ResponseEntity.noContent().build();
    }
}
