package io.vigie.server.maintenance;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Set;
import java.util.UUID;

import org.springframework.format.annotation.DateTimeFormat;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * What an operator enters to declare or change a maintenance window (docs/maintenance.md). The
 * rest is checked by {@link MaintenanceService}: the scope belongs to the client, the start is not
 * in the past, the duration fits the recurrence.
 *
 * @param clientId the client
 * @param serverId one of its servers, or null
 * @param monitorId one of its uptime monitors, or null (neither: the whole client)
 * @param title what is done
 * @param start local date and time of the first occurrence
 * @param durationMinutes length of each occurrence
 * @param recurrence once, daily or weekly
 * @param weekdays the days of a weekly window (ignored otherwise)
 * @param endsOn the last date a recurring window may start (ignored for a one-off window)
 * @param zone an IANA time zone; default Europe/Paris
 */
public record MaintenanceDetails(
        @NotNull UUID clientId,
        UUID serverId,
        UUID monitorId,
        @NotBlank @Size(max = 200) String title,
        @NotNull @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) LocalDateTime start,
        @NotNull @Min(1) @Max(44_640) Integer durationMinutes,
        @NotNull MaintenanceWindow.Recurrence recurrence,
        Set<DayOfWeek> weekdays,
        @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate endsOn,
        @Size(max = 64) String zone) {

    /**
     * @param clientId the client, or null
     * @param start a proposed start
     * @return an empty form: one hour, once
     */
    public static MaintenanceDetails empty(UUID clientId, LocalDateTime start) {
        return new MaintenanceDetails(clientId, null, null, "", start, 60, MaintenanceWindow.Recurrence.ONCE, Set.of(),
                null, null);
    }

    /**
     * @param w a window
     * @return its details, to change it
     */
    public static MaintenanceDetails of(MaintenanceWindow w) {
        return new MaintenanceDetails(w.clientId(), w.serverId(), w.monitorId(), w.title(), w.start(),
                w.durationMinutes(), w.recurrence(), w.weekdays(), w.endsOn(), w.zone().getId());
    }
}
