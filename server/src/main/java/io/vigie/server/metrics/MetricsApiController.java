package io.vigie.server.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.vigie.server.platform.InvalidInputException;
import io.vigie.server.servers.ServerService;
import io.vigie.server.uptime.UptimeService;
import io.vigie.server.users.CurrentUser;

/**
 * REST API of the metric store: range queries on one server's or one uptime monitor's metrics
 * (docs/metrics-storage.md).
 */
@RestController
@Tag(name = "Metrics")
class MetricsApiController {

    /** Points aimed at when no step is given. */
    private static final int DEFAULT_POINTS = 500;

    private final MetricQueryService queries;
    private final ServerService servers;
    private final UptimeService monitors;
    private final Clock clock;

    MetricsApiController(MetricQueryService queries, ServerService servers, UptimeService monitors, Clock clock) {
        this.queries = queries;
        this.servers = servers;
        this.monitors = monitors;
        this.clock = clock;
    }

    @GetMapping("/api/v1/servers/{serverId}/metrics")
    @Operation(summary = "Points of one metric of a server, one series per label set",
            description = "from defaults to one hour before to, to to now; step defaults to about 500 points. "
                    + "label=name=value (repeatable) keeps the series with that label. Counters are per-second rates.")
    MetricQueryService.MetricRange range(@PathVariable UUID serverId, @RequestParam String name,
            @RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to,
            @RequestParam(required = false) Duration step, @RequestParam(required = false) List<String> label) {
        servers.get(serverId, CurrentUser.require());
        return range(MetricCatalog.Owner.SERVER, serverId, name, from, to, step, label);
    }

    @GetMapping("/api/v1/monitors/{monitorId}/metrics")
    @Operation(summary = "Points of one metric of an uptime monitor (probe_duration_seconds, probe_success, "
            + "vigie_probe_cert_days_left)",
            description = "from defaults to one hour before to, to to now; step defaults to about 500 points. "
                    + "One sample per check outcome: the average of probe_success over a step is the uptime.")
    MetricQueryService.MetricRange monitorRange(@PathVariable UUID monitorId, @RequestParam String name,
            @RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to,
            @RequestParam(required = false) Duration step, @RequestParam(required = false) List<String> label) {
        monitors.get(monitorId, CurrentUser.require());
        return range(MetricCatalog.Owner.MONITOR, monitorId, name, from, to, step, label);
    }

    private MetricQueryService.MetricRange range(MetricCatalog.Owner owner, UUID ownerId, String name, Instant from,
            Instant to, Duration step, List<String> label) {
        Instant end = to == null ? clock.instant() : to;
        Instant start = from == null ? end.minus(Duration.ofHours(1)) : from;
        Duration resolved = step != null ? step
                : Duration.ofSeconds(Math.max(30, Duration.between(start, end).toSeconds() / DEFAULT_POINTS + 1));
        return queries.range(owner, ownerId, name, labels(label), start, end, resolved);
    }

    private static Map<String, String> labels(List<String> label) {
        Map<String, String> match = new LinkedHashMap<>();
        if (label != null) {
            for (String pair : label) {
                int eq = pair.indexOf('=');
                if (eq < 1) {
                    throw new InvalidInputException("label", "name=value expected, got " + pair);
                }
                match.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return match;
    }
}
