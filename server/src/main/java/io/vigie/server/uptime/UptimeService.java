package io.vigie.server.uptime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.vigie.server.audit.AuditService;
import io.vigie.server.clients.ClientService;
import io.vigie.server.incidents.IncidentService;
import io.vigie.server.platform.ConflictException;
import io.vigie.server.platform.InvalidInputException;
import io.vigie.server.platform.IpAddresses;
import io.vigie.server.platform.NotFoundException;
import io.vigie.server.servers.ServerService;
import io.vigie.server.users.CurrentUser;

/**
 * Uptime monitors (MON-5, docs/uptime.md) and their results. Staff create and change monitors; a
 * client user sees their own client's. A monitor's target and options are checked against its
 * type, so that the scheduler only ever meets targets it can check; it may only watch a server of
 * its own client. Disabling or archiving a monitor resolves its open incident: nothing would.
 */
@Service
public class UptimeService {

    /** Monitors per page of the console's list. */
    public static final int PAGE_SIZE = 50;
    /** Longest period of results one call returns. */
    static final Duration MAX_RESULT_SPAN = Duration.ofDays(31);
    /** Most results one call returns. */
    static final int MAX_RESULTS = 10_000;

    private final UptimeRepository repository;
    private final ClientService clients;
    private final ServerService servers;
    private final IncidentService incidents;
    private final AuditService audit;
    private final List<CheckResultListener> listeners;
    private final Clock clock;

    UptimeService(UptimeRepository repository, ClientService clients, ServerService servers,
            IncidentService incidents, AuditService audit, List<CheckResultListener> listeners, Clock clock) {
        this.repository = repository;
        this.clients = clients;
        this.servers = servers;
        this.incidents = incidents;
        this.audit = audit;
        this.listeners = listeners;
        this.clock = clock;
    }

    /**
     * @param viewer who asks
     * @param clientId optional filter (staff)
     * @param includeArchived whether to include archived monitors
     * @return the monitors the viewer may see
     */
    @Transactional(readOnly = true)
    public List<Monitor> list(CurrentUser viewer, UUID clientId, boolean includeArchived) {
        return scope(viewer, clientId).map(scope -> repository.list(scope.orElse(null), includeArchived))
                .orElse(List.of());
    }

    /**
     * @param viewer who asks
     * @param clientId optional filter (staff)
     * @param includeArchived whether to include archived monitors
     * @param page the page, from 0
     * @return a page of the monitors the viewer may see, with their state
     */
    @Transactional(readOnly = true)
    public MonitorPage page(CurrentUser viewer, UUID clientId, boolean includeArchived, int page) {
        int number = Math.max(0, page);
        Instant since = clock.instant().minus(Duration.ofHours(24));
        return scope(viewer, clientId)
                .map(scope -> repository.page(scope.orElse(null), includeArchived, since, number, PAGE_SIZE))
                .orElse(new MonitorPage(List.of(), 0, number, PAGE_SIZE));
    }

    /** @return the client filter to apply (empty inner = all), or empty when nothing is visible */
    private static Optional<Optional<UUID>> scope(CurrentUser viewer, UUID clientId) {
        UUID scope = viewer.restrictedToClient().orElse(clientId);
        if (!viewer.isStaff() && clientId != null && !clientId.equals(scope)) {
            return Optional.empty();
        }
        return Optional.of(Optional.ofNullable(scope));
    }

    /**
     * @param id a monitor id
     * @param viewer who asks
     * @return the monitor, if the viewer may see it
     */
    @Transactional(readOnly = true)
    public Monitor get(UUID id, CurrentUser viewer) {
        return repository.find(id).filter(m -> viewer.canSee(m.clientId()))
                .orElseThrow(() -> new NotFoundException("monitor", id));
    }

    /**
     * @param serverId a server the caller may see
     * @return the monitors attached to it and not archived, by name
     */
    @Transactional(readOnly = true)
    public List<Monitor> ofServer(UUID serverId) {
        return repository.ofServer(serverId);
    }

    /**
     * @param id a monitor id
     * @return its client, for the tenant check of URLs
     */
    @Transactional(readOnly = true)
    public Optional<UUID> clientOf(UUID id) {
        return repository.find(id).map(Monitor::clientId);
    }

    /**
     * Creates a monitor.
     *
     * @param details what the operator entered
     * @return the monitor
     */
    @Transactional
    public Monitor create(MonitorDetails details) {
        if (clients.find(details.clientId()).filter(c -> c.archivedAt() == null).isEmpty()) {
            throw new InvalidInputException("clientId", "unknown or archived client");
        }
        Instant now = clock.instant();
        Monitor monitor = build(UUID.randomUUID(), details.clientId(), details, now, now);
        repository.insert(monitor);
        audit.recordChange("monitor.created", "monitor", monitor.id(), monitor.clientId(), null, monitor);
        return monitor;
    }

    /**
     * Changes a monitor.
     *
     * @param id the monitor
     * @param details the new details; the client cannot change
     * @param viewer who changes it
     * @return the monitor after the change
     */
    @Transactional
    public Monitor update(UUID id, MonitorDetails details, CurrentUser viewer) {
        Monitor before = get(id, viewer);
        if (!before.clientId().equals(details.clientId())) {
            throw new InvalidInputException("clientId", "a monitor cannot move to another client");
        }
        if (before.archivedAt() != null) {
            throw new ConflictException("this monitor is archived");
        }
        Monitor after = build(id, before.clientId(), details, before.createdAt(), clock.instant());
        repository.update(after);
        if (!after.enabled()) {
            incidents.resolve(after.incidentKey(), "monitor disabled");
        }
        audit.recordChange("monitor.updated", "monitor", id, after.clientId(), before, after);
        return after;
    }

    /**
     * Archives a monitor: it is no longer checked nor listed; its results and incidents stay.
     *
     * @param id the monitor
     * @param viewer who archives it
     * @return the archived monitor
     */
    @Transactional
    public Monitor archive(UUID id, CurrentUser viewer) {
        Monitor b = get(id, viewer);
        if (b.archivedAt() != null) {
            return b;
        }
        Instant now = clock.instant();
        Monitor after = new Monitor(b.id(), b.clientId(), b.serverId(), b.type(), b.name(), b.target(),
                b.intervalSeconds(), b.timeoutSeconds(), b.expectedStatus(), b.keyword(), b.certWarningDays(),
                b.expectedAddress(), b.enabled(), b.createdAt(), now, now);
        repository.update(after);
        incidents.resolve(after.incidentKey(), "monitor archived");
        audit.recordChange("monitor.archived", "monitor", id, after.clientId(), b, after);
        return after;
    }

    /**
     * @param id a monitor
     * @param viewer who asks
     * @param from start of the period, inclusive; default 24 h before {@code to}
     * @param to end of the period, exclusive; default now
     * @return its attempts in the period, newest first, at most {@value #MAX_RESULTS}
     */
    @Transactional(readOnly = true)
    public List<CheckResult> results(UUID id, CurrentUser viewer, Instant from, Instant to) {
        get(id, viewer);
        Instant end = to == null ? clock.instant() : to;
        Instant start = from == null ? end.minus(Duration.ofHours(24)) : from;
        if (!start.isBefore(end)) {
            throw new InvalidInputException("from", "must be before to");
        }
        if (Duration.between(start, end).compareTo(MAX_RESULT_SPAN) > 0) {
            throw new InvalidInputException("from", "the period may not exceed 31 days");
        }
        return repository.results(id, start, end, MAX_RESULTS);
    }

    /**
     * @param id a monitor the caller may see
     * @param limit how many
     * @return its last attempts, newest first
     */
    @Transactional(readOnly = true)
    public List<CheckResult> recentResults(UUID id, int limit) {
        return repository.results(id, Instant.EPOCH, clock.instant().plus(Duration.ofDays(1)), limit);
    }

    /** @return the monitors to check: enabled and not archived */
    @Transactional(readOnly = true)
    List<Monitor> active() {
        return repository.active();
    }

    /**
     * Stores the result of one attempt, and hands it to the {@link CheckResultListener}s in the
     * same transaction.
     *
     * @param monitorId the monitor
     * @param result the attempt
     */
    @Transactional
    void record(UUID monitorId, CheckResult result) {
        repository.insertResult(monitorId, result);
        listeners.forEach(listener -> listener.recorded(monitorId, result));
    }

    /**
     * Deletes the results older than the retention.
     *
     * @param retention how long results are kept
     * @return how many were deleted
     */
    @Transactional
    int applyRetention(Duration retention) {
        return repository.deleteResultsBefore(clock.instant().minus(retention));
    }

    private Monitor build(UUID id, UUID clientId, MonitorDetails d, Instant created, Instant updated) {
        if (d.serverId() != null && servers.find(d.serverId())
                .filter(s -> s.clientId().equals(clientId) && s.archivedAt() == null).isEmpty()) {
            throw new InvalidInputException("serverId", "unknown server or server of another client");
        }
        boolean http = d.type() == MonitorType.HTTP;
        String target = checked("target", d.target(), switch (d.type()) {
            case HTTP -> t -> MonitorTargets.httpUrl(t).toString();
            case TCP -> t -> {
                MonitorTargets.tcpAddress(t);
                return t.strip();
            };
            case DNS -> t -> MonitorTargets.dnsName(t).toLowerCase(Locale.ROOT);
        });
        int interval = or(d.intervalSeconds(), MonitorDetails.DEFAULT_INTERVAL);
        int timeout = or(d.timeoutSeconds(), MonitorDetails.DEFAULT_TIMEOUT);
        if (timeout >= interval) {
            throw new InvalidInputException("timeoutSeconds", "must be less than the interval");
        }
        String status = !http || blank(d.expectedStatus()) == null ? MonitorDetails.DEFAULT_STATUS
                : checked("expectedStatus", d.expectedStatus(), MonitorTargets::statusSpec);
        String address = d.type() != MonitorType.DNS || blank(d.expectedAddress()) == null ? null
                : checked("expectedAddress", d.expectedAddress().strip(), IpAddresses::canonical);
        return new Monitor(id, clientId, d.serverId(), d.type(), d.name().strip(), target, interval, timeout, status,
                http ? blank(d.keyword()) : null, or(d.certWarningDays(), MonitorDetails.DEFAULT_CERT_WARNING),
                address, d.enabled() == null || d.enabled(), created, updated, null);
    }

    private static String checked(String field, String value, Function<String, String> reader) {
        try {
            return reader.apply(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(field, e.getMessage());
        }
    }

    private static int or(Integer value, int fallback) {
        return value == null ? fallback : value;
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
