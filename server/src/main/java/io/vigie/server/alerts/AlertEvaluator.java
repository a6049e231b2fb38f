package io.vigie.server.alerts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

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
    private static final Duration MEMORY_ERROR_WINDOW = Duration.ofHours(24);
    /** Under 5 minutes, so that the raw samples are read (recent hours have no rollups yet). */
    private static final Duration MEMORY_ERROR_STEP = Duration.ofMinutes(4);

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
        Map<UUID, Map<String, List<AlertRepository.Override>>> overridesByClient = new HashMap<>();
        int evaluated = 0;
        for (Server server : active) {
            AgentStatus agent = statuses.get(server.id());
            if (agent == null || agent.state() == AgentStatus.State.NOT_ENROLLED) {
                continue;
            }
            try {
                Map<String, List<AlertRepository.Override>> overrides = overridesByClient
                        .computeIfAbsent(server.clientId(), repository::overrides);
                transactions.executeWithoutResult(status -> evaluate(server, agent, overrides, now));
                evaluated++;
            } catch (RuntimeException e) {
                log.error("alert evaluation failed for server {}", server.id(), e);
            }
        }
        return evaluated;
    }

    private void evaluate(Server server, AgentStatus agent, Map<String, List<AlertRepository.Override>> overrides,
            Instant now) {
        Map<String, AlertRepository.State> states = repository.states(server.id());
        for (AlertRule rule : AlertRule.values()) {
            AlertSettings.Effective effective = AlertSettings.effective(rule, server, overrides);
            if (!effective.enabled()) {
                continue;
            }
            // Samples taken at the evaluation time itself count (query ranges end before their end).
            Reading reading = observe(rule, server, agent, now.plusMillis(1));
            Instant observedAt = reading.at == null || reading.at.isAfter(now) ? now : reading.at;
            reading.values.forEach((subject, value) -> {
                AlertRepository.State before = states.getOrDefault(rule.key() + " " + subject,
                        new AlertRepository.State(null, false));
                AlertRepository.State after = transition(rule, effective, server, subject, value, before, now,
                        observedAt);
                repository.saveState(server.id(), rule.key(), subject, after, value, now);
            });
        }
    }

    private AlertRepository.State transition(AlertRule rule, AlertSettings.Effective e, Server server,
            String subject, double value, AlertRepository.State state, Instant now, Instant observedAt) {
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
        // Pending since the newest sample that showed it (at most one evaluation interval before now).
        Instant since = state.pendingSince() == null ? observedAt : state.pendingSince();
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

    /**
     * The current values of a rule, by subject ("" for the server itself), and the time of the newest
     * sample they were computed from: a rule becomes pending from that time, not from the evaluation.
     */
    private static final class Reading {
        final Map<String, Double> values = new TreeMap<>();
        Instant at;

        Reading(Instant at) {
            this.at = at;
        }

        Reading put(String subject, double value) {
            values.put(subject, value);
            return this;
        }
    }

    private Reading observe(AlertRule rule, Server server, AgentStatus agent, Instant now) {
        UUID id = server.id();
        return switch (rule) {
            case AGENT_OFFLINE -> new Reading(now).put("", agent.state() == AgentStatus.State.OFFLINE ? 1.0 : 0.0);
            case NO_DATA -> agent.state() != AgentStatus.State.ONLINE ? new Reading(now)
                    : new Reading(now).put("", latest(id, "node_load1", Map.of(), now.minus(NO_DATA_AFTER), now, null)
                            .isEmpty() ? 1.0 : 0.0);
            case CPU -> cpuBusy(id, now);
            case MEMORY -> memory(id, now);
            case DISK -> perMount(id, "node_filesystem_avail_bytes", "node_filesystem_size_bytes", now);
            case INODES -> perMount(id, "node_filesystem_files_free", "node_filesystem_files", now);
            case LOAD -> loadPerCpu(id, agent, now);
            case RAID -> raid(id, now);
            case SMART -> smart(id, now);
            case MEMORY_ERRORS -> memoryErrors(id, now);
            case DISK_FULL_FORECAST -> forecast(id, now);
        };
    }

    /** The latest value of each series of a metric; the reading, if given, learns the newest sample time. */
    private Map<Map<String, String>, Double> latest(UUID serverId, String name, Map<String, String> match, Instant from,
            Instant to, Reading reading) {
        Map<Map<String, String>, Double> values = new HashMap<>();
        for (SeriesPoints s : metrics.range(serverId, name, match, from, to, STEP).series()) {
            if (!s.points().isEmpty()) {
                MetricQueryService.Point last = s.points().getLast();
                values.put(s.labels(), last.avg());
                if (reading != null) {
                    // The end of the sample's 1-second step: never before the sample itself.
                    Instant at = Instant.ofEpochMilli(last.at()).plus(STEP);
                    reading.at = reading.at == null || at.isAfter(reading.at) ? at : reading.at;
                }
            }
        }
        return values;
    }

    private Reading memory(UUID serverId, Instant now) {
        Reading reading = new Reading(null);
        Double free = latest(serverId, "node_memory_MemAvailable_bytes", Map.of(), now.minus(RECENT), now, reading)
                .values().stream().findFirst().orElse(null);
        Double total = latest(serverId, "node_memory_MemTotal_bytes", Map.of(), now.minus(RECENT), now, reading)
                .values().stream().findFirst().orElse(null);
        return free == null || total == null || total <= 0 ? reading : reading.put("", 100 * (1 - free / total));
    }

    private Reading cpuBusy(UUID serverId, Instant now) {
        Reading reading = new Reading(null);
        Map<Map<String, String>, Double> rates = latest(serverId, "node_cpu_seconds_total", Map.of(),
                now.minus(RECENT), now, reading);
        double total = rates.values().stream().mapToDouble(Double::doubleValue).sum();
        double idle = rates.entrySet().stream().filter(e -> "idle".equals(e.getKey().get("mode")))
                .mapToDouble(Map.Entry::getValue).sum();
        return total > 0 ? reading.put("", 100 * (1 - idle / total)) : reading;
    }

    private Reading perMount(UUID serverId, String freeName, String totalName, Instant now) {
        Reading reading = new Reading(null);
        Map<Map<String, String>, Double> free = latest(serverId, freeName, Map.of(), now.minus(RECENT), now, reading);
        Map<Map<String, String>, Double> total = latest(serverId, totalName, Map.of(), now.minus(RECENT), now, reading);
        total.forEach((labels, size) -> {
            Double available = free.get(labels);
            if (available != null && size > 0) {
                reading.put(labels.getOrDefault("mountpoint", "?"), 100 * (1 - available / size));
            }
        });
        return reading;
    }

    /** The 5-minute load divided by the CPUs the host reported in its facts. */
    private Reading loadPerCpu(UUID serverId, AgentStatus agent, Instant now) {
        Reading reading = new Reading(null);
        int cpus = agent.facts() == null ? 0 : agent.facts().cpuCores();
        Double load = latest(serverId, "node_load5", Map.of(), now.minus(RECENT), now, reading).values().stream()
                .findFirst().orElse(null);
        return load == null || cpus < 1 ? reading : reading.put("", load / cpus);
    }

    private Reading raid(UUID serverId, Instant now) {
        Reading reading = new Reading(null);
        latest(serverId, "node_md_disks", Map.of(), now.minus(RECENT), now, reading).forEach((labels, count) -> {
            String device = labels.getOrDefault("device", "?");
            double bad = "failed".equals(labels.get("state")) || "down".equals(labels.get("state")) ? count : 0;
            reading.values.merge(device, bad, Double::sum);
        });
        return reading;
    }

    /** 1 for each disk whose SMART self-assessment failed (status 0), 0 for those that passed. */
    private Reading smart(UUID serverId, Instant now) {
        Reading reading = new Reading(null);
        latest(serverId, "smartctl_device_smart_status", Map.of(), now.minus(RECENT), now, reading)
                .forEach((labels, status) -> reading.put(labels.getOrDefault("device", "?"), status < 0.5 ? 1.0 : 0.0));
        return reading;
    }

    /**
     * Memory errors, corrected and not, of each EDAC controller over the last 24 hours: the sum of
     * the counters' increases between raw samples (a reboot resets them: counted from 0).
     */
    private Reading memoryErrors(UUID serverId, Instant now) {
        Reading reading = new Reading(now);
        for (String name : List.of("node_edac_correctable_errors_total", "node_edac_uncorrectable_errors_total")) {
            for (SeriesPoints s : metrics.range(serverId, name, Map.of(), now.minus(MEMORY_ERROR_WINDOW), now,
                    MEMORY_ERROR_STEP).series()) {
                double errors = 0;
                for (int i = 1; i < s.points().size(); i++) {
                    errors += s.points().get(i).avg() * (s.points().get(i).at() - s.points().get(i - 1).at()) / 1000.0;
                }
                reading.values.merge(s.labels().getOrDefault("controller", "?"), (double) Math.round(errors),
                        Double::sum);
            }
        }
        return reading;
    }

    /** Hours until each file system is full, at the linear rate of the last 6 hours. */
    private Reading forecast(UUID serverId, Instant now) {
        Instant from = now.minus(FORECAST_HISTORY);
        Duration step = Duration.ofMinutes(5);
        var sizes = metrics.range(serverId, "node_filesystem_size_bytes", Map.of(), from, now, step).series();
        var avails = metrics.range(serverId, "node_filesystem_avail_bytes", Map.of(), from, now, step).series();
        Reading hoursLeft = new Reading(now);
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
