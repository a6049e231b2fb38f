package io.vigie.server.security;

import java.util.List;
import java.util.UUID;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.vigie.server.users.CurrentUser;

/** REST API of the security hub (docs/security-hub.md). */
@RestController
@RequestMapping("/api/v1/security")
@Tag(name = "Security")
class SecurityApiController {

    private final SecurityService security;

    SecurityApiController(SecurityService security) {
        this.security = security;
    }

    /** The newest detections reported by the agents, at most 500; a client user sees their own. */
    @GetMapping("/alerts")
    List<SecurityAlertRecord> alerts(@RequestParam(required = false) UUID clientId) {
        return security.alerts(CurrentUser.require(), clientId);
    }
}
