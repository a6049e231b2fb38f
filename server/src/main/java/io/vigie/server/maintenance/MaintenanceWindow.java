package io.vigie.server.maintenance;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * An announced period of work on a client's systems (docs/maintenance.md): its incidents are not
 * notified and its time is left out of the availability report. A recurring window starts at the
 * same local time on each of its days, in its zone; its duration is elapsed time.
 *
 * @param id identifier
 * @param clientId the client concerned
 * @param serverId the one server it covers, or null
 * @param monitorId the one uptime monitor it covers, or null (with no server either: the whole client)
 * @param title what is done
 * @param recurrence once, every day or on some weekdays
 * @param start local date and time of the first occurrence's day and of every occurrence's start
 * @param zone the zone of {@code start}
 * @param firstStart the instant the first occurrence starts
 * @param durationMinutes length of each occurrence
 * @param weekdays the days of a weekly window; empty otherwise
 * @param endsOn the last local date an occurrence may start, or null
 * @param createdBy who declared it
 * @param createdAt when
 * @param endedAt when it was ended by hand, or null: nothing of it counts from then on
 */
public record MaintenanceWindow(UUID id, UUID clientId, UUID serverId, UUID monitorId, String title,
        Recurrence recurrence, LocalDateTime start, ZoneId zone, Instant firstStart, int durationMinutes,
        Set<DayOfWeek> weekdays, LocalDate endsOn, UUID createdBy, Instant createdAt, Instant endedAt) {

    /** How often a window recurs. */
    public enum Recurrence {
        /** One occurrence. */
        ONCE,
        /** Every day. */
        DAILY,
        /** On some days of the week. */
        WEEKLY
    }

    /** Where a window stands at a given instant. */
    public enum State {
        /** One of its occurrences is in progress. */
        ACTIVE,
        /** None in progress, one to come. */
        PLANNED,
        /** Nothing to come: over, or ended by hand. */
        PAST
    }

    /**
     * One occurrence, the half-open interval {@code [start, end)}.
     *
     * @param start when it starts
     * @param end when it ends (cut at the window's end by hand)
     */
    public record Occurrence(Instant start, Instant end) {
    }

    /** How far ahead {@link #upcoming} and {@link #state} look for a next occurrence. */
    private static final int LOOKAHEAD_DAYS = 400;

    /** @return the length of each occurrence */
    public Duration duration() {
        return Duration.ofMinutes(durationMinutes);
    }

    /** @return whether it covers the whole client rather than one server or monitor */
    public boolean clientWide() {
        return serverId == null && monitorId == null;
    }

    /**
     * @param from start of a period
     * @param to end of the period (excluded)
     * @return the occurrences that overlap the period, in order, cut at {@link #endedAt}
     */
    public List<Occurrence> occurrences(Instant from, Instant to) {
        List<Occurrence> result = new ArrayList<>();
        if (recurrence == Recurrence.ONCE) {
            add(result, firstStart, from, to);
            return result;
        }
        // An occurrence that started up to its duration before the period may still overlap it.
        LocalDate day = later(start.toLocalDate(), from.minus(duration()).atZone(zone).toLocalDate().minusDays(1));
        LocalDate last = to.atZone(zone).toLocalDate();
        if (endsOn != null && endsOn.isBefore(last)) {
            last = endsOn;
        }
        for (; !day.isAfter(last); day = day.plusDays(1)) {
            if (recurrence == Recurrence.DAILY || weekdays.contains(day.getDayOfWeek())) {
                add(result, ZonedDateTime.of(day, start.toLocalTime(), zone).toInstant(), from, to);
            }
        }
        return result;
    }

    private void add(List<Occurrence> result, Instant occurrenceStart, Instant from, Instant to) {
        Instant end = occurrenceStart.plus(duration());
        if (endedAt != null) {
            if (!occurrenceStart.isBefore(endedAt)) {
                return;
            }
            end = end.isAfter(endedAt) ? endedAt : end;
        }
        if (end.isAfter(from) && occurrenceStart.isBefore(to)) {
            result.add(new Occurrence(occurrenceStart, end));
        }
    }

    /**
     * @param at an instant
     * @return the occurrence in progress at that instant, if any
     */
    public Optional<Occurrence> covering(Instant at) {
        return occurrences(at, at.plusNanos(1)).stream().findFirst();
    }

    /**
     * @param now the present
     * @param limit how many at most
     * @return the occurrences in progress or to come, in order
     */
    public List<Occurrence> upcoming(Instant now, int limit) {
        List<Occurrence> all = occurrences(now, now.plus(Duration.ofDays(LOOKAHEAD_DAYS)));
        return all.subList(0, Math.min(limit, all.size()));
    }

    /**
     * @param now the present
     * @return whether an occurrence is in progress, one is to come, or neither
     */
    public State state(Instant now) {
        return state(upcoming(now, 1), now);
    }

    /**
     * @param upcoming a window's {@linkplain #upcoming occurrences in progress or to come}, at least the first
     * @param now the present
     * @return where the window stands
     */
    static State state(List<Occurrence> upcoming, Instant now) {
        if (upcoming.isEmpty()) {
            return State.PAST;
        }
        return upcoming.getFirst().start().isAfter(now) ? State.PLANNED : State.ACTIVE;
    }

    /**
     * @param now the present
     * @return whether its first occurrence has begun (or it was ended): it may no longer be changed
     */
    public boolean started(Instant now) {
        return endedAt != null || !firstStart.isAfter(now);
    }

    private static LocalDate later(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }
}
