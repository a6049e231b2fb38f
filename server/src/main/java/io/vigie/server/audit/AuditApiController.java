package io.vigie.server.audit;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.vigie.server.users.CurrentUser;

/** REST API to search the audit trail; a client user gets only their own client's entries. */
@RestController
@RequestMapping("/api/v1/audit")
@Tag(name = "Audit")
class AuditApiController {

    private final AuditService audit;

    AuditApiController(AuditService audit) {
        this.audit = audit;
    }

    @GetMapping
    List<AuditEntry> search(@RequestParam(required = false) String q, @RequestParam(required = false) String action,
            @RequestParam(required = false) UUID clientId, @RequestParam(required = false) String entityId,
            @RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to,
            @RequestParam(required = false) Integer limit) {
        return audit.search(new AuditQuery(q, action, clientId, entityId, from, to, limit), CurrentUser.require());
    }
}
