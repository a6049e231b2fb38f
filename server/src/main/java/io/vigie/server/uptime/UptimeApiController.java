package io.vigie.server.uptime;

import java.net.URI;
import java.time.Instant;
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

/** REST API for uptime monitors and their results (docs/uptime.md). */
@RestController
@RequestMapping("/api/v1/monitors")
@Tag(name = "Uptime monitors")
class UptimeApiController {

    private final UptimeService monitors;

    UptimeApiController(UptimeService monitors) {
        this.monitors = monitors;
    }

    @GetMapping
    List<Monitor> list(@RequestParam(required = false) UUID clientId,
            @RequestParam(defaultValue = "false") boolean archived) {
        return monitors.list(CurrentUser.require(), clientId, archived);
    }

    @GetMapping("/{monitorId}")
    Monitor get(@PathVariable UUID monitorId) {
        return monitors.get(monitorId, CurrentUser.require());
    }

    @PostMapping
    @PreAuthorize("hasAnyRole('ADMIN','OPERATOR')")
    ResponseEntity<Monitor> create(@Valid @RequestBody MonitorDetails details) {
        Monitor monitor = monitors.create(details);
        return ResponseEntity.created(URI.create("/api/v1/monitors/" + monitor.id())).body(monitor);
    }

    @PutMapping("/{monitorId}")
    @PreAuthorize("hasAnyRole('ADMIN','OPERATOR')")
    Monitor update(@PathVariable UUID monitorId, @Valid @RequestBody MonitorDetails details) {
        return monitors.update(monitorId, details, CurrentUser.require());
    }

    @PostMapping("/{monitorId}/archive")
    @PreAuthorize("hasAnyRole('ADMIN','OPERATOR')")
    Monitor archive(@PathVariable UUID monitorId) {
        return monitors.archive(monitorId, CurrentUser.require());
    }

    /** The attempts of a period, newest first: default the last 24 hours, at most 31 days. */
    @GetMapping("/{monitorId}/results")
    List<CheckResult> results(@PathVariable UUID monitorId, @RequestParam(required = false) Instant from,
            @RequestParam(required = false) Instant to) {
        return monitors.results(monitorId, CurrentUser.require(), from, to);
    }
}
