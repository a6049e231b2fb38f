package io.vigie.server.incidents;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.vigie.server.audit.AuditService;
import io.vigie.server.maintenance.MaintenanceService;
import io.vigie.server.maintenance.MaintenanceWindow;
import io.vigie.server.platform.ConflictException;
import io.vigie.server.platform.InvalidInputException;
import io.vigie.server.platform.NotFoundException;
import io.vigie.server.users.CurrentUser;

/**
 * Incidents (docs/incidents.md): opened by alert rules and uptime monitors, one per cause while
 * open, acknowledged by staff, resolved when the cause recovers. Every state change is a timeline
 * event and, in the same transaction, one outbox row per notification channel of the client and
 * of the provider: notifications are sent once per change, whatever fails after the commit.
 *
 * <p>An incident opened while a maintenance window covers it is <em>silenced</em> (docs/maintenance.md):
 * its events are recorded but not notified, and no reminder is sent, until the window is over; if
 * it is still open then, it is released with a notified {@code maintenance-ended} event.
 */
@Service
public class IncidentService {

    /** Interval between reminders of an open incident nobody has acknowledged. */
    public static final Duration REMINDER_INTERVAL = Duration.ofMinutes(30);
    private static final int MAX_LIST = 500;
    private static final Logger log = LoggerFactory.getLogger(IncidentService.class);

    private final IncidentRepository repository;
    private final MaintenanceService maintenance;
    private final AuditService audit;
    private final Clock clock;

    IncidentService(IncidentRepository repository, MaintenanceService maintenance, AuditService audit, Clock clock) {
        this.repository = repository;
        this.maintenance = maintenance;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Opens an incident for a cause, unless one is open for it already.
     *
     * @param opening what the rule or monitor observed
     * @return the open incident of that cause, new or not
     */
    @Transactional
    public Incident open(Incident.Opening opening) {
        Instant now = clock.instant();
        Optional<MaintenanceWindow> window = maintenance.covering(opening.clientId(), opening.serverId(),
                opening.monitorId(), now);
        Incident incident = new Incident(UUID.randomUUID(), opening.clientId(), opening.serverId(),
                opening.monitorId(), opening.dedupKey(), opening.kind(), opening.severity(), opening.title(),
                Incident.State.OPEN, now, null, null, null, null, window.isPresent());
        if (!repository.insertIfNoneOpen(incident)) {
            return repository.findOpenForUpdate(opening.dedupKey()).orElseThrow();
        }
        event(incident, now, "opened", null, opening.detail());
        window.ifPresent(w -> repository.insertEvent(incident.id(), now, "silenced", null, w.title()));
        log.info("incident opened id={} key={} title={}{}", incident.id(), incident.dedupKey(), incident.title(),
                window.map(w -> " silenced-by=" + w.id()).orElse(""));
        return incident;
    }

    /**
     * Resolves the open incident of a cause, if there is one.
     *
     * @param dedupKey the cause
     * @param detail the observation of the recovery
     * @return the resolved incident, or empty when none was open
     */
    @Transactional
    public Optional<Incident> resolve(String dedupKey, String detail) {
        Optional<Incident> open = repository.findOpenForUpdate(dedupKey);
        open.ifPresent(incident -> {
            Instant now = clock.instant();
            repository.resolve(incident.id(), now);
            event(incident, now, "resolved", null, detail);
            log.info("incident resolved id={} key={}", incident.id(), dedupKey);
        });
        return open.map(i -> repository.find(i.id()).orElseThrow());
    }

    /**
     * @param dedupKey a cause
     * @return whether an incident is open for it
     */
    @Transactional
    public boolean isOpen(String dedupKey) {
        return repository.findOpenForUpdate(dedupKey).isPresent();
    }

    /**
     * An operator takes the incident: reminders stop.
     *
     * @param id the incident
     * @param actor the operator
     * @return the incident after the change
     */
    @Transactional
    public Incident acknowledge(UUID id, CurrentUser actor) {
        Incident incident = get(id, actor);
        if (incident.state() != Incident.State.OPEN) {
            throw new ConflictException("this incident is not open and unacknowledged");
        }
        Instant now = clock.instant();
        repository.acknowledge(id, now, actor.id());
        event(incident, now, "acknowledged", actor.id(), actor.displayName());
        audit.recordChange("incident.acknowledged", "incident", id, incident.clientId(), null, null);
        return repository.find(id).orElseThrow();
    }

    /**
     * Records the hardware supplier's ticket reference on an incident (HW-2).
     *
     * @param id the incident
     * @param ticket the reference, e.g. an OVH ticket number
     * @param actor the operator
     * @return the incident after the change
     */
    @Transactional
    public Incident setSupplierTicket(UUID id, String ticket, CurrentUser actor) {
        Incident incident = get(id, actor);
        String value = ticket == null ? "" : ticket.strip();
        if (value.isEmpty() || value.length() > 100) {
            throw new InvalidInputException("supplierTicket", "a reference of 1 to 100 characters is required");
        }
        repository.setSupplierTicket(id, value);
        repository.insertEvent(id, clock.instant(), "ticket", actor.id(), value);
        audit.recordChange("incident.ticket", "incident", id, incident.clientId(), incident.supplierTicket(), value);
        return repository.find(id).orElseThrow();
    }

    /**
     * @param id an incident
     * @param viewer who asks
     * @return the incident, if the viewer may see it
     */
    @Transactional(readOnly = true)
    public Incident get(UUID id, CurrentUser viewer) {
        return repository.find(id).filter(i -> viewer.canSee(i.clientId()))
                .orElseThrow(() -> new NotFoundException("incident", id));
    }

    /**
     * @param id an incident the caller may see
     * @return its timeline, oldest first
     */
    @Transactional(readOnly = true)
    public List<IncidentEvent> timeline(UUID id) {
        return repository.events(id);
    }

    /**
     * @param viewer who asks
     * @param clientId optional filter (staff)
     * @param openOnly only open and acknowledged incidents
     * @return the most recent incidents the viewer may see, newest first
     */
    @Transactional(readOnly = true)
    public List<Incident> list(CurrentUser viewer, UUID clientId, boolean openOnly) {
        UUID scope = viewer.restrictedToClient().orElse(clientId);
        if (!viewer.isStaff() && clientId != null && !clientId.equals(scope)) {
            return List.of();
        }
        return repository.list(scope, openOnly, MAX_LIST);
    }

    /**
     * @param monitorId an uptime monitor the caller may see
     * @param limit how many at most
     * @return the incidents that monitor opened, newest first
     */
    @Transactional(readOnly = true)
    public List<Incident> ofMonitor(UUID monitorId, int limit) {
        return repository.ofMonitor(monitorId, Math.min(limit, MAX_LIST));
    }

    /**
     * @param clientId a client (the caller checked the viewer may see it)
     * @param kind the kind of incidents
     * @param from start of a period
     * @param to end of the period
     * @return the client's incidents of that kind that overlap the period, oldest first
     */
    @Transactional(readOnly = true)
    public List<Incident> overlapping(UUID clientId, Incident.Kind kind, Instant from, Instant to) {
        return repository.overlapping(clientId, kind, from, to);
    }

    /**
     * @param id an incident id
     * @return its client, for the tenant check of URLs
     */
    @Transactional(readOnly = true)
    public Optional<UUID> clientOf(UUID id) {
        return repository.clientOf(id);
    }

    /**
     * Reminds of every open incident nobody acknowledged for {@link #REMINDER_INTERVAL}.
     *
     * @return the number of reminders queued
     */
    @Transactional
    public int remind() {
        Instant now = clock.instant();
        List<Incident> due = repository.dueForReminder(now.minus(REMINDER_INTERVAL)).stream()
                .filter(incident -> maintenance.covering(incident.clientId(), incident.serverId(),
                        incident.monitorId(), now).isEmpty())
                .toList();
        due.forEach(incident -> event(incident, now, "reminder", null, null));
        return due.size();
    }

    /**
     * Releases the silenced incidents whose maintenance window is over: each still open gets a
     * notified {@code maintenance-ended} event and is an ordinary incident from then on.
     *
     * @return the number released
     */
    @Transactional
    public int releaseAfterMaintenance() {
        Instant now = clock.instant();
        int released = 0;
        for (Incident incident : repository.silencedOpen()) {
            if (maintenance.covering(incident.clientId(), incident.serverId(), incident.monitorId(), now).isEmpty()
                    && repository.unsilence(incident.id())) {
                notify(incident, repository.insertEvent(incident.id(), now, "maintenance-ended", null, null), now);
                log.info("incident released after maintenance id={} key={}", incident.id(), incident.dedupKey());
                released++;
            }
        }
        return released;
    }

    /**
     * A timeline event that is also a notification: queued for every channel, unless the incident
     * is silenced by a maintenance window.
     */
    private void event(Incident incident, Instant at, String type, UUID actorId, String detail) {
        long eventId = repository.insertEvent(incident.id(), at, type, actorId, detail);
        if (!incident.silenced()) {
            notify(incident, eventId, at);
        }
    }

    /** Queues an event's notification for every channel of the incident's client and of the provider. */
    private void notify(Incident incident, long eventId, Instant at) {
        repository.enqueue(eventId, incident.clientId(), at);
        repository.setNotified(incident.id(), at);
    }
}
