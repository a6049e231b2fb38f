package io.vigie.server.uptime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.vigie.server.clients.ClientService;
import io.vigie.server.incidents.Incident;
import io.vigie.server.incidents.IncidentService;
import io.vigie.server.maintenance.MaintenancePeriods;
import io.vigie.server.maintenance.MaintenanceService;
import io.vigie.server.platform.InvalidInputException;
import io.vigie.server.users.CurrentUser;
import io.vigie.server.web.Page;

/**
 * The monthly availability of a client's uptime monitors (docs/uptime.md): the share of the month
 * each monitor was not in an incident, the incidents and their time to resolve. Maintenance
 * windows covering a monitor (docs/maintenance.md) are left out of both its observed time and its
 * downtime.
 */
@Service
public class AvailabilityReport {

    private final UptimeService monitors;
    private final IncidentService incidents;
    private final ClientService clients;
    private final MaintenanceService maintenance;
    private final Clock clock;

    AvailabilityReport(UptimeService monitors, IncidentService incidents, ClientService clients,
            MaintenanceService maintenance, Clock clock) {
        this.monitors = monitors;
        this.incidents = incidents;
        this.clients = clients;
        this.maintenance = maintenance;
        this.clock = clock;
    }

    /**
     * One monitor's month.
     *
     * @param monitorId the monitor
     * @param name its name
     * @param target what it checks
     * @param observedSeconds the part of the month it existed, up to now, out of maintenance
     * @param downSeconds the part of it in incidents
     * @param availabilityPercent 100 × (1 − down / observed); 100 when nothing was observed
     * @param incidents incidents overlapping the month
     * @param meanTimeToResolveSeconds mean time to resolve of those resolved, or null
     * @param maxTimeToResolveSeconds longest time to resolve, or null
     * @param maintenanceSeconds the part of the month it existed in maintenance windows, left out
     */
    public record Line(UUID monitorId, String name, String target, long observedSeconds, long downSeconds,
            double availabilityPercent, int incidents, Long meanTimeToResolveSeconds, Long maxTimeToResolveSeconds,
            long maintenanceSeconds) {
    }

    /**
     * @param clientId the client
     * @param month the calendar month, in Europe/Paris
     * @param from its first instant
     * @param to its end
     * @param lines one per monitor
     */
    public record Report(UUID clientId, YearMonth month, Instant from, Instant to, List<Line> lines) {
    }

    /**
     * @param clientId a client
     * @param month a month, not in the future
     * @param viewer who asks (staff, or a user of that client)
     * @return the report
     */
    @Transactional(readOnly = true)
    public Report report(UUID clientId, YearMonth month, CurrentUser viewer) {
        clients.get(clientId, viewer);
        if (month.isAfter(YearMonth.now(clock.withZone(Page.ZONE)))) {
            throw new InvalidInputException("month", "a past or current month is required");
        }
        Instant from = month.atDay(1).atStartOfDay(Page.ZONE).toInstant();
        Instant to = month.plusMonths(1).atDay(1).atStartOfDay(Page.ZONE).toInstant();
        Instant now = clock.instant();
        List<Incident> outages = incidents.overlapping(clientId, Incident.Kind.UPTIME, from, to);
        List<Line> lines = new ArrayList<>();
        for (Monitor monitor : monitors.list(viewer, clientId, true)) {
            Instant start = later(from, monitor.createdAt());
            Instant end = earlier(earlier(to, now), monitor.archivedAt() == null ? to : monitor.archivedAt());
            if (!start.isBefore(end)) {
                continue;
            }
            MaintenancePeriods maintained = maintenance.periods(clientId, monitor.serverId(), monitor.id(), start, end);
            long maintenanceSeconds = maintained.within(start, end).toSeconds();
            long observed = Duration.between(start, end).toSeconds() - maintenanceSeconds;
            long down = 0;
            int count = 0;
            long resolvedCount = 0;
            long resolvedTotal = 0;
            long resolvedMax = 0;
            for (Incident incident : outages) {
                if (!monitor.id().equals(incident.monitorId())) {
                    continue;
                }
                count++;
                Instant incidentEnd = incident.resolvedAt() == null ? now : incident.resolvedAt();
                Instant overlapStart = later(start, incident.openedAt());
                Instant overlapEnd = earlier(end, incidentEnd);
                if (overlapStart.isBefore(overlapEnd)) {
                    down += Duration.between(overlapStart, overlapEnd).minus(maintained.within(overlapStart, overlapEnd))
                            .toSeconds();
                }
                if (incident.resolvedAt() != null) {
                    long ttr = Duration.between(incident.openedAt(), incident.resolvedAt()).toSeconds();
                    resolvedCount++;
                    resolvedTotal += ttr;
                    resolvedMax = Math.max(resolvedMax, ttr);
                }
            }
            double percent = observed == 0 ? 100 : 100.0 * (observed - down) / observed;
            lines.add(new Line(monitor.id(), monitor.name(), monitor.target(), observed, down, percent, count,
                    resolvedCount == 0 ? null : resolvedTotal / resolvedCount, resolvedCount == 0 ? null : resolvedMax,
                    maintenanceSeconds));
        }
        return new Report(clientId, month, from, to, lines);
    }

    /**
     * @param month a month asked for, or null
     * @param clock the clock
     * @return that month, or the current one in Europe/Paris
     */
    static YearMonth monthOrCurrent(YearMonth month, Clock clock) {
        return month != null ? month : YearMonth.now(clock.withZone(Page.ZONE));
    }

    /**
     * @param report a report
     * @return it as CSV for a French spreadsheet: UTF-8 with a byte order mark, semicolons, decimal commas
     */
    public static String csv(Report report) {
        StringBuilder csv = new StringBuilder("\uFEFFmoniteur;cible;mois;observé (s);indisponible (s);disponibilité (%);"
                + "incidents;temps moyen de résolution (s);temps maximal de résolution (s);maintenance (s)\r\n");
        for (Line line : report.lines()) {
            csv.append(cell(line.name())).append(';').append(cell(line.target())).append(';').append(report.month())
                    .append(';').append(line.observedSeconds()).append(';').append(line.downSeconds()).append(';')
                    .append(String.format(Locale.FRANCE, "%.3f", line.availabilityPercent())).append(';')
                    .append(line.incidents()).append(';')
                    .append(line.meanTimeToResolveSeconds() == null ? "" : line.meanTimeToResolveSeconds()).append(';')
                    .append(line.maxTimeToResolveSeconds() == null ? "" : line.maxTimeToResolveSeconds()).append(';')
                    .append(line.maintenanceSeconds()).append("\r\n");
        }
        return csv.toString();
    }

    /** A CSV cell, quoted when needed; a leading formula character is neutralised. */
    private static String cell(String value) {
        String v = value == null ? "" : value;
        if (!v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        return v.contains(";") || v.contains("\"") || v.contains("\n") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
