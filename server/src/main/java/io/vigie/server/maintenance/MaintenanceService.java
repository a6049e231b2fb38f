package io.vigie.server.maintenance;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.vigie.server.audit.AuditService;
import io.vigie.server.clients.ClientService;
import io.vigie.server.platform.ConflictException;
import io.vigie.server.platform.InvalidInputException;
import io.vigie.server.platform.NotFoundException;
import io.vigie.server.servers.Server;
import io.vigie.server.servers.ServerService;
import io.vigie.server.uptime.UptimeService;
import io.vigie.server.users.CurrentUser;
import io.vigie.server.web.Page;

/**
 * Maintenance windows (docs/maintenance.md): staff declare them in advance for a client, one of
 * its servers or one of its monitors; incidents tell from them whether to notify, the availability
 * report which time to leave out. A window cannot be declared after the fact, nor changed once it
 * has started: it can only be ended, and its past occurrences still count.
 */
@Service
public class MaintenanceService {

    /** How far before the moment of declaring a window its first occurrence may start. */
    static final Duration START_GRACE = Duration.ofMinutes(5);
    private static final int MAX_LIST = 500;

    private final MaintenanceRepository repository;
    private final ClientService clients;
    private final ServerService servers;
    private final UptimeService monitors;
    private final AuditService audit;
    private final Clock clock;

    /*
     * Uptime opens incidents, incidents ask this service about windows, and a window may name a
     * monitor: the monitors are reached lazily to break that circle.
     */
    MaintenanceService(MaintenanceRepository repository, ClientService clients, ServerService servers,
            @Lazy UptimeService monitors, AuditService audit, Clock clock) {
        this.repository = repository;
        this.clients = clients;
        this.servers = servers;
        this.monitors = monitors;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Declares a window.
     *
     * @param details what the operator entered
     * @param actor the operator
     * @return the window
     */
    @Transactional
    public MaintenanceWindow create(MaintenanceDetails details, CurrentUser actor) {
        Instant now = clock.instant();
        MaintenanceWindow window = build(UUID.randomUUID(), details, actor, actor.id(), now, now);
        repository.insert(window);
        audit.recordChange("maintenance.created", "maintenance-window", window.id(), window.clientId(), null, window);
        return window;
    }

    /**
     * Changes a window that has not started yet.
     *
     * @param id the window
     * @param details the new details; the client cannot change
     * @param actor the operator
     * @return the window after the change
     */
    @Transactional
    public MaintenanceWindow update(UUID id, MaintenanceDetails details, CurrentUser actor) {
        MaintenanceWindow before = get(id, actor);
        Instant now = clock.instant();
        if (before.started(now)) {
            throw new ConflictException("this maintenance window has started: end it and declare another one");
        }
        if (details.clientId() != null && !details.clientId().equals(before.clientId())) {
            throw new InvalidInputException("clientId", "the client of a maintenance window cannot change");
        }
        MaintenanceWindow after = build(id, details, actor, before.createdBy(), before.createdAt(), now);
        repository.update(after);
        audit.recordChange("maintenance.updated", "maintenance-window", id, after.clientId(), before, after);
        return after;
    }

    /**
     * Ends a window now: an occurrence in progress stops, none comes after.
     *
     * @param id the window
     * @param actor the operator
     * @return the window after the change
     */
    @Transactional
    public MaintenanceWindow end(UUID id, CurrentUser actor) {
        MaintenanceWindow window = get(id, actor);
        Instant now = clock.instant();
        if (window.endedAt() != null || window.state(now) == MaintenanceWindow.State.PAST) {
            throw new ConflictException("this maintenance window is already over");
        }
        repository.end(id, now);
        audit.recordChange("maintenance.ended", "maintenance-window", id, window.clientId(), null, null);
        return repository.find(id).orElseThrow();
    }

    /**
     * @param id a window
     * @param viewer who asks
     * @return the window, if the viewer may see it
     */
    @Transactional(readOnly = true)
    public MaintenanceWindow get(UUID id, CurrentUser viewer) {
        return repository.find(id).filter(w -> viewer.canSee(w.clientId()))
                .orElseThrow(() -> new NotFoundException("maintenance-window", id));
    }

    /**
     * @param id a window id
     * @return its client, for the tenant check of URLs
     */
    @Transactional(readOnly = true)
    public Optional<UUID> clientOf(UUID id) {
        return repository.find(id).map(MaintenanceWindow::clientId);
    }

    /**
     * @param viewer who asks
     * @param clientId optional filter (staff)
     * @param state optional filter
     * @return the windows the viewer may see, in progress first, then planned (soonest first),
     *         then past (latest first)
     */
    @Transactional(readOnly = true)
    public List<MaintenanceWindow> list(CurrentUser viewer, UUID clientId, MaintenanceWindow.State state) {
        UUID scope = viewer.restrictedToClient().orElse(clientId);
        if (!viewer.isStaff() && clientId != null && !clientId.equals(scope)) {
            return List.of();
        }
        Instant now = clock.instant();
        // Each window's next occurrence is worked out once: sorting compares every window several times.
        record Ranked(MaintenanceWindow window, MaintenanceWindow.State state, long next) {
        }
        return repository.list(scope, MAX_LIST).stream()
                .map(w -> {
                    List<MaintenanceWindow.Occurrence> next = w.upcoming(now, 1);
                    MaintenanceWindow.State s = MaintenanceWindow.state(next, now);
                    return new Ranked(w, s, next.isEmpty() ? 0 : next.getFirst().start().getEpochSecond());
                })
                .filter(r -> state == null || r.state() == state)
                .sorted(Comparator.comparing(Ranked::state).thenComparingLong(Ranked::next))
                .map(Ranked::window)
                .toList();
    }

    /**
     * @param clientId the client of an incident
     * @param serverId its server, or null
     * @param monitorId its monitor, or null
     * @param at an instant
     * @return a window with an occurrence in progress at that instant that covers them, if any
     */
    @Transactional(readOnly = true)
    public Optional<MaintenanceWindow> covering(UUID clientId, UUID serverId, UUID monitorId, Instant at) {
        return repository.candidates(clientId, serverId, monitorId, at, at.plusNanos(1_000)).stream()
                .filter(w -> w.covering(at).isPresent()).findFirst();
    }

    /**
     * @param clientId a client
     * @param serverId a server of it, or null
     * @param monitorId a monitor of it, or null
     * @param from start of a period
     * @param to end of the period
     * @return the time of the period in maintenance for them, overlaps merged
     */
    @Transactional(readOnly = true)
    public MaintenancePeriods periods(UUID clientId, UUID serverId, UUID monitorId, Instant from, Instant to) {
        return new MaintenancePeriods(repository.candidates(clientId, serverId, monitorId, from, to).stream()
                .flatMap(w -> w.occurrences(from, to).stream()).toList());
    }

    private MaintenanceWindow build(UUID id, MaintenanceDetails d, CurrentUser actor, UUID createdBy,
            Instant createdAt, Instant now) {
        if (clients.find(d.clientId()).filter(c -> c.archivedAt() == null).isEmpty()) {
            throw new InvalidInputException("clientId", "unknown or archived client");
        }
        if (d.serverId() != null && d.monitorId() != null) {
            throw new InvalidInputException("monitorId", "a window covers one server or one monitor, not both");
        }
        if (d.serverId() != null && !servers.find(d.serverId()).map(Server::clientId).orElse(d.serverId())
                .equals(d.clientId())) {
            throw new InvalidInputException("serverId", "a server of this client is required");
        }
        if (d.monitorId() != null && !monitors.clientOf(d.monitorId()).orElse(d.monitorId()).equals(d.clientId())) {
            throw new InvalidInputException("monitorId", "a monitor of this client is required");
        }
        ZoneId zone = zone(d.zone());
        MaintenanceWindow.Recurrence recurrence = d.recurrence();
        int duration = d.durationMinutes();
        Set<DayOfWeek> weekdays = EnumSet.noneOf(DayOfWeek.class);
        if (recurrence == MaintenanceWindow.Recurrence.WEEKLY && d.weekdays() != null) {
            weekdays.addAll(d.weekdays());
        }
        LocalDate endsOn = recurrence == MaintenanceWindow.Recurrence.ONCE ? null : d.endsOn();
        switch (recurrence) {
            case DAILY -> {
                if (duration >= 24 * 60) {
                    throw new InvalidInputException("durationMinutes", "a daily window lasts less than 24 hours");
                }
            }
            case WEEKLY -> {
                if (weekdays.isEmpty()) {
                    throw new InvalidInputException("weekdays", "a weekly window needs at least one day");
                }
                if (duration >= 7 * 24 * 60) {
                    throw new InvalidInputException("durationMinutes", "a weekly window lasts less than a week");
                }
            }
            case ONCE -> { }
        }
        if (endsOn != null && endsOn.isBefore(d.start().toLocalDate())) {
            throw new InvalidInputException("endsOn", "the last day cannot be before the start");
        }
        Instant firstStart = firstStart(d, recurrence, weekdays, endsOn, zone);
        if (firstStart.isBefore(now.minus(START_GRACE))) {
            throw new InvalidInputException("start", "a maintenance window cannot start in the past");
        }
        return new MaintenanceWindow(id, d.clientId(), d.serverId(), d.monitorId(), d.title().strip(), recurrence,
                d.start(), zone, firstStart, duration, weekdays, endsOn, createdBy, createdAt, null);
    }

    /** The first occurrence: the start itself, or for a weekly window the first of its days from the start's. */
    private static Instant firstStart(MaintenanceDetails d, MaintenanceWindow.Recurrence recurrence,
            Set<DayOfWeek> weekdays, LocalDate endsOn, ZoneId zone) {
        LocalDate day = d.start().toLocalDate();
        if (recurrence == MaintenanceWindow.Recurrence.WEEKLY) {
            while (!weekdays.contains(day.getDayOfWeek())) {
                day = day.plusDays(1);
            }
            if (endsOn != null && day.isAfter(endsOn)) {
                throw new InvalidInputException("endsOn", "no chosen weekday falls between the start and the last day");
            }
        }
        return ZonedDateTime.of(day, d.start().toLocalTime(), zone).toInstant();
    }

    private static ZoneId zone(String zone) {
        if (zone == null || zone.isBlank()) {
            return Page.ZONE;
        }
        try {
            return ZoneId.of(zone.strip());
        } catch (DateTimeException e) {
            throw new InvalidInputException("zone", "an IANA time zone such as Europe/Paris is required");
        }
    }
}
