package io.vigie.server.alerts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import io.vigie.server.agents.AgentStatus;
import io.vigie.server.agents.AgentStatusService;
import io.vigie.server.incidents.Incident;
import io.vigie.server.incidents.IncidentService;
import io.vigie.server.metrics.MetricQueryService;
import io.vigie.server.metrics.MetricQueryService.SeriesPoints;
import io.vigie.server.servers.Server;
import io.vigie.server.servers.ServerService;

/**
 * Evaluates every rule of every server (docs/alerts.md): observes the current value of each rule
 * and subject, moves its state (pending, firing) with the rule's duration and recovery threshold,
 * and opens or resolves the incident of its cause. Each server is evaluated in its own transaction,
 * so one server's failure does not stop the others.
 */
@Service
public class AlertEvaluator {

    private static final Logger log = LoggerFactory.getLogger(AlertEvaluator.class);
    /** How far back the current value of a metric is looked for. */
    private static final Duration RECENT = Duration.ofMinutes(5);
    /** Step of the "current value" queries: each point is one sample, a counter's rate is between its last two. */
    private static final Duration STEP = Duration.ofSeconds(1);
    private static final Duration NO_DATA_AFTER = Duration.ofMinutes(10);
    private static final Duration FORECAST_HISTORY = Duration.ofHours(6);

    private final ServerService servers;
    private final AgentStatusService agents;
    private final MetricQueryService metrics;
    private final IncidentService incidents;
    private final AlertRepository repository;
    private final TransactionTemplate transactions;
    private final Clock clock;

    AlertEvaluator(ServerService servers, AgentStatusService agents, MetricQueryService metrics,
            IncidentService incidents, AlertRepository repository,
            TransactionTemplate transactions, Clock clock) {
        this.servers = servers;
        this.agents = agents;
        this.metrics = metrics;
        this.incidents = incidents;
        this.repository = repository;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Evaluates every rule of every server now. */
    public void evaluate() {
        evaluate(clock.instant());
    }

    /**
     * @param now the evaluation time
     * @return the number of servers evaluated
     */
    int evaluate(Instant time) {
        // Stored times have microseconds: a finer "now" would make a duration fall just short.
        Instant now = time.truncatedTo(ChronoUnit.MILLIS);
        List<Server> active = servers.active();
        Map<UUID, AgentStatus> statuses = agents.statuses(active.stream().map(Server::id).toList());
        int evaluated = 0;
        for (Server server : active) {
            AgentStatus agent = statuses.get(server.id());
            if (agent == null || agent.state() == AgentStatus.State.NOT_ENROLLED) {
                continue;
            }
            try {
                transactions.executeWithoutResult(status -> evaluate(server, agent, now));
                evaluated++;
            } catch (RuntimeException e) {
                log.error("alert evaluation failed for server {}", server.id(), e);
            }
        }
        return evaluated;
    }

    private void evaluate(Server server, AgentStatus agent, Instant now) {
        Map<String, AlertRepository.State> states = repository.states(server.id());
        Map<String, List<AlertRepository.Override>> overrides = repository.overrides(server.clientId());
        for (AlertRule rule : AlertRule.values()) {
            AlertSettings.Effective effective = AlertSettings.effective(rule, server, overrides);
            if (!effective.enabled()) {
                continue;
            }
            // Samples taken at the evaluation time itself count (query ranges end before their end).
            observe(rule, server, agent, now.plusMillis(1)).forEach((subject, value) -> {
                AlertRepository.State before = states.getOrDefault(rule.key() + " " + subject,
                        new AlertRepository.State(null, false));
                AlertRepository.State after = transition(rule, effective, server, subject, value, before, now);
                repository.saveState(server.id(), rule.key(), subject, after, value, now);
            });
        }
    }

    private AlertRepository.State transition(AlertRule rule, AlertSettings.Effective e, Server server,
            String subject, double value, AlertRepository.State state, Instant now) {
        String key = "alert:" + server.id() + ":" + rule.key() + ":" + subject;
        boolean past = rule.below() ? value <= e.threshold() : value >= e.threshold();
        if (state.firing()) {
            boolean recovered = rule.below() ? value > e.recovery() : value < e.recovery();
            if (recovered) {
                incidents.resolve(key, describe(rule, value, e.recovery(), !rule.below()));
                return new AlertRepository.State(null, false);
            }
            return state;
        }
        if (!past) {
            return new AlertRepository.State(null, false);
        }
        Instant since = state.pendingSince() == null ? now : state.pendingSince();
        if (Duration.between(since, now).compareTo(e.forDuration()) < 0) {
            return new AlertRepository.State(since, false);
        }
        String title = rule.title() + " on " + server.hostname() + (subject.isEmpty() ? "" : " (" + subject + ")");
        incidents.open(new Incident.Opening(server.clientId(), server.id(), null, key, rule.kind(), rule.severity(),
                title, describe(rule, value, e.threshold(), rule.below()) + " for " + e.forDuration().toMinutes()
                        + " min"));
        return new AlertRepository.State(since, true);
    }

    private static String describe(AlertRule rule, double value, double limit, boolean below) {
        return String.format(Locale.ROOT, "%.1f%s %s %.1f%s", value, rule.unit(), below ? "<=" : ">=", limit,
                rule.unit());
    }

    /** @return the rule's current value for each subject ("" for the server itself) */
    private Map<String, Double> observe(AlertRule rule, Server server, AgentStatus agent, Instant now) {
        UUID id = server.id();
        return switch (rule) {
            case AGENT_OFFLINE -> Map.of("", agent.state() == AgentStatus.State.OFFLINE ? 1.0 : 0.0);
            case NO_DATA -> agent.state() != AgentStatus.State.ONLINE ? Map.of()
                    : Map.of("", latest(id, "node_load1", Map.of(), now.minus(NO_DATA_AFTER), now).isEmpty() ? 1.0 : 0.0);
            case CPU -> cpuBusy(id, now);
            case MEMORY -> ratio(latestOne(id, "node_memory_MemAvailable_bytes", now),
                    latestOne(id, "node_memory_MemTotal_bytes", now), true);
            case DISK -> perMount(id, "node_filesystem_avail_bytes", "node_filesystem_size_bytes", now);
            case INODES -> perMount(id, "node_filesystem_files_free", "node_filesystem_files", now);
            case LOAD -> loadPerCpu(id, now);
            case RAID -> raid(id, now);
            case DISK_FULL_FORECAST -> forecast(id, now);
        };
    }

    private Map<Map<String, String>, Double> latest(UUID serverId, String name, Map<String, String> match, Instant from,
            Instant to) {
        Map<Map<String, String>, Double> values = new HashMap<>();
        for (SeriesPoints s : metrics.range(serverId, name, match, from, to, STEP).series()) {
            if (!s.points().isEmpty()) {
                values.put(s.labels(), s.points().getLast().avg());
            }
        }
        return values;
    }

    private Double latestOne(UUID serverId, String name, Instant now) {
        return latest(serverId, name, Map.of(), now.minus(RECENT), now).values().stream().findFirst().orElse(null);
    }

    /** @return 100 × (1 − free/total) for the server, or nothing without both values */
    private static Map<String, Double> ratio(Double free, Double total, boolean percentUsed) {
        if (free == null || total == null || total <= 0) {
            return Map.of();
        }
        return Map.of("", percentUsed ? 100 * (1 - free / total) : free / total);
    }

    private Map<String, Double> cpuBusy(UUID serverId, Instant now) {
        Map<Map<String, String>, Double> rates = latest(serverId, "node_cpu_seconds_total", Map.of(),
                now.minus(RECENT), now);
        double total = rates.values().stream().mapToDouble(Double::doubleValue).sum();
        double idle = rates.entrySet().stream().filter(e -> "idle".equals(e.getKey().get("mode")))
                .mapToDouble(Map.Entry::getValue).sum();
        return total > 0 ? Map.of("", 100 * (1 - idle / total)) : Map.of();
    }

    private Map<String, Double> perMount(UUID serverId, String freeName, String totalName, Instant now) {
        Map<Map<String, String>, Double> free = latest(serverId, freeName, Map.of(), now.minus(RECENT), now);
        Map<Map<String, String>, Double> total = latest(serverId, totalName, Map.of(), now.minus(RECENT), now);
        Map<String, Double> used = new TreeMap<>();
        total.forEach((labels, size) -> {
            Double available = free.get(labels);
            if (available != null && size > 0) {
                used.put(labels.getOrDefault("mountpoint", "?"), 100 * (1 - available / size));
            }
        });
        return used;
    }

    private Map<String, Double> loadPerCpu(UUID serverId, Instant now) {
        Double load = latestOne(serverId, "node_load5", now);
        Set<String> cpus = latest(serverId, "node_cpu_seconds_total", Map.of("mode", "idle"), now.minus(RECENT), now)
                .keySet().stream().map(labels -> labels.get("cpu")).collect(Collectors.toSet());
        return load == null || cpus.isEmpty() ? Map.of() : Map.of("", load / cpus.size());
    }

    private Map<String, Double> raid(UUID serverId, Instant now) {
        Map<String, Double> broken = new TreeMap<>();
        latest(serverId, "node_md_disks", Map.of(), now.minus(RECENT), now).forEach((labels, count) -> {
            String device = labels.getOrDefault("device", "?");
            double bad = "failed".equals(labels.get("state")) || "down".equals(labels.get("state")) ? count : 0;
            broken.merge(device, bad, Double::sum);
        });
        return broken;
    }

    /** Hours until each file system is full, at the linear rate of the last 6 hours. */
    private Map<String, Double> forecast(UUID serverId, Instant now) {
        Instant from = now.minus(FORECAST_HISTORY);
        Duration step = Duration.ofMinutes(5);
        var sizes = metrics.range(serverId, "node_filesystem_size_bytes", Map.of(), from, now, step).series();
        var avails = metrics.range(serverId, "node_filesystem_avail_bytes", Map.of(), from, now, step).series();
        Map<String, Double> hoursLeft = new TreeMap<>();
        for (SeriesPoints size : sizes) {
            avails.stream().filter(a -> a.labels().equals(size.labels())).findFirst().ifPresent(avail -> {
                Map<Long, Double> total = new HashMap<>();
                size.points().forEach(p -> total.put(p.at(), p.avg()));
                double n = 0;
                double sx = 0;
                double sy = 0;
                double sxx = 0;
                double sxy = 0;
                double lastUsed = Double.NaN;
                for (MetricQueryService.Point p : avail.points()) {
                    Double t = total.get(p.at());
                    if (t == null || t <= 0) {
                        continue;
                    }
                    double x = (p.at() - from.toEpochMilli()) / 3_600_000.0;
                    double y = 100 * (1 - p.avg() / t);
                    n++;
                    sx += x;
                    sy += y;
                    sxx += x * x;
                    sxy += x * y;
                    lastUsed = y;
                }
                // At least an hour of points, and a file system that grows.
                if (n >= 12 && n * sxx - sx * sx > 0) {
                    double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
                    if (slope > 0) {
                        hoursLeft.put(size.labels().getOrDefault("mountpoint", "?"), (100 - lastUsed) / slope);
                    } else {
                        hoursLeft.put(size.labels().getOrDefault("mountpoint", "?"), Double.MAX_VALUE);
                    }
                }
            });
        }
        return hoursLeft;
    }
}
