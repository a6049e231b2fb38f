package io.vigie.server.agents;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.vigie.server.servers.ServerService;
import io.vigie.server.users.CurrentUser;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * REST API for a server's agent: its status and facts, the heartbeats received (evidence that the
 * host was alive), every message received (each once, in spool order), and enrollment tokens.
 */
@RestController
@RequestMapping("/api/v1/servers/{serverId}")
@Tag(name = "Agents")
class ServerAgentApiController {

    private final ServerService servers;
    private final AgentStatusService statuses;
    private final EnrollmentService enrollment;
    private final AgentRepository agentRecords;
    private final Clock clock;

    ServerAgentApiController(ServerService servers, AgentStatusService statuses, EnrollmentService enrollment,
            AgentRepository agentRecords, Clock clock) {
        this.servers = servers;
        this.statuses = statuses;
        this.enrollment = enrollment;
        this.agentRecords = agentRecords;
        this.clock = clock;
    }

    @GetMapping("/agent")
    AgentStatus agent(@PathVariable UUID serverId) {
        servers.get(serverId, CurrentUser.require());
        return statuses.status(serverId);
    }

    @GetMapping("/heartbeats")
    List<AgentRepository.HeartbeatRecord> heartbeats(@PathVariable UUID serverId,
            @RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to,
            @RequestParam(defaultValue = "1000") @Min(1) @Max(10000) int limit) {
        servers.get(serverId, CurrentUser.require());
        Instant end = to == null ? clock.instant() : to;
        return agentRecords.heartbeats(serverId, from == null ? end.minus(Duration.ofDays(1)) : from, end, limit);
    }

    @GetMapping("/agent-messages")
    List<AgentRepository.MessageRecord> messages(@PathVariable UUID serverId,
            @RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to,
            @RequestParam(defaultValue = "1000") @Min(1) @Max(10000) int limit) {
        servers.get(serverId, CurrentUser.require());
        Instant end = to == null ? clock.instant() : to;
        return agentRecords.messages(serverId, from == null ? end.minus(Duration.ofDays(1)) : from, end, limit);
    }

    @PostMapping("/enrollment-tokens")
    @PreAuthorize("hasAnyRole('ADMIN','OPERATOR')")
    ResponseEntity<EnrollmentGrant> issue(@PathVariable UUID serverId) {
        EnrollmentGrant grant = enrollment.issue(serverId, CurrentUser.require());
        return ResponseEntity.created(URI.create("/api/v1/servers/" + serverId + "/agent")).body(grant);
    }
}
