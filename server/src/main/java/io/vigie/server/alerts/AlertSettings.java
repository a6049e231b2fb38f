package io.vigie.server.alerts;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.vigie.server.audit.AuditService;
import io.vigie.server.clients.ClientService;
import io.vigie.server.platform.InvalidInputException;
import io.vigie.server.servers.Server;
import io.vigie.server.servers.ServerService;
import io.vigie.server.users.CurrentUser;

/**
 * The numbers a rule uses for a server: the server's override, else its client's, else the
 * rule's defaults. Staff set overrides per client or per server.
 */
@Service
public class AlertSettings {

    private final AlertRepository repository;
    private final ClientService clients;
    private final ServerService servers;
    private final AuditService audit;
    private final Clock clock;

    AlertSettings(AlertRepository repository, ClientService clients, ServerService servers, AuditService audit,
            Clock clock) {
        this.repository = repository;
        this.clients = clients;
        this.servers = servers;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * A rule as it applies.
     *
     * @param rule the rule
     * @param enabled whether it applies
     * @param threshold its threshold
     * @param recovery its recovery threshold
     * @param forDuration how long the value must stay past the threshold
     */
    public record Effective(AlertRule rule, boolean enabled, double threshold, double recovery, Duration forDuration) {
    }

    /**
     * An override as staff enter it; a null number keeps the default (or the client's).
     *
     * @param clientId the client
     * @param serverId one of its servers, or null for all of them
     * @param rule the rule key
     * @param enabled whether the rule applies
     * @param threshold threshold
     * @param recovery recovery threshold
     * @param forSeconds duration in seconds
     */
    public record OverrideRequest(UUID clientId, UUID serverId, String rule, boolean enabled, Double threshold,
            Double recovery, Integer forSeconds) {
    }

    /**
     * @param serverId a server
     * @param viewer who asks
     * @return every rule as it applies to that server
     */
    @Transactional(readOnly = true)
    public List<Effective> effective(UUID serverId, CurrentUser viewer) {
        Server server = servers.get(serverId, viewer);
        var overrides = repository.overrides(server.clientId());
        return Arrays.stream(AlertRule.values()).map(r -> effective(r, server, overrides)).toList();
    }

    /**
     * Sets the override of a rule for a client or one of its servers.
     *
     * @param request the override
     * @param actor the operator
     */
    @Transactional
    public void setOverride(OverrideRequest request, CurrentUser actor) {
        AlertRule rule = AlertRule.of(request.rule() == null ? "" : request.rule())
                .orElseThrow(() -> new InvalidInputException("rule", "unknown rule: " + request.rule()));
        if (request.clientId() == null) {
            throw new InvalidInputException("clientId", "required");
        }
        clients.get(request.clientId(), actor);
        if (request.serverId() != null && !servers.get(request.serverId(), actor).clientId().equals(request.clientId())) {
            throw new InvalidInputException("serverId", "the server belongs to another client");
        }
        if (request.forSeconds() != null && (request.forSeconds() < 0 || request.forSeconds() > 86_400)) {
            throw new InvalidInputException("forSeconds", "between 0 and 86400");
        }
        requireFinite(request.threshold(), "threshold");
        requireFinite(request.recovery(), "recovery");
        double threshold = request.threshold() == null ? rule.threshold() : request.threshold();
        double recovery = request.recovery() == null ? rule.recovery() : request.recovery();
        if (rule.below() ? recovery < threshold : recovery > threshold) {
            throw new InvalidInputException("recovery", "the recovery threshold must be on the safe side of the "
                    + "threshold (no flapping)");
        }
        AlertRepository.Override o = new AlertRepository.Override(request.serverId(), request.enabled(),
                request.threshold(), request.recovery(), request.forSeconds());
        repository.saveOverride(request.clientId(), request.serverId(), rule.key(), o, clock.instant());
        audit.recordChange("alert.override", "alert-rule", rule.key(), request.clientId(), null, request);
    }

    private static void requireFinite(Double value, String field) {
        if (value != null && !Double.isFinite(value)) {
            throw new InvalidInputException(field, "a finite number");
        }
    }

    static Effective effective(AlertRule rule, Server server, Map<String, List<AlertRepository.Override>> overrides) {
        List<AlertRepository.Override> list = overrides.getOrDefault(rule.key(), List.of());
        AlertRepository.Override o = list.stream().filter(x -> server.id().equals(x.serverId())).findFirst()
                .orElseGet(() -> list.stream().filter(x -> x.serverId() == null).findFirst().orElse(null));
        if (o == null) {
            return new Effective(rule, true, rule.threshold(), rule.recovery(), rule.forDuration());
        }
        return new Effective(rule, o.enabled(), o.threshold() == null ? rule.threshold() : o.threshold(),
                o.recovery() == null ? rule.recovery() : o.recovery(),
                o.forSeconds() == null ? rule.forDuration() : Duration.ofSeconds(o.forSeconds()));
    }
}
