package io.vigie.server.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** When windows occur: local times across summer time, weekdays, last day, ending by hand, merging. */
class MaintenanceWindowTest {

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    private static MaintenanceWindow window(MaintenanceWindow.Recurrence recurrence, LocalDateTime start, int minutes,
            Set<DayOfWeek> days, LocalDate endsOn, Instant endedAt) {
        return new MaintenanceWindow(UUID.randomUUID(), UUID.randomUUID(), null, null, "work", recurrence, start, PARIS,
                start.atZone(PARIS).toInstant(), minutes, days, endsOn, null, Instant.EPOCH, endedAt);
    }

    private static Instant paris(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(PARIS).toInstant();
    }

    @Test
    void aDailyWindowKeepsItsLocalTimeAcrossTheChangeToSummerTime() {
        MaintenanceWindow daily = window(MaintenanceWindow.Recurrence.DAILY, LocalDateTime.parse("2026-03-27T01:00"), 60,
                Set.of(), null, null);
        List<MaintenanceWindow.Occurrence> occurrences = daily.occurrences(paris("2026-03-27T00:00"),
                paris("2026-03-31T00:00"));
        assertThat(occurrences).extracting(o -> o.start().atZone(PARIS).toLocalTime().toString())
                .containsExactly("01:00", "01:00", "01:00", "01:00");
        // Summer time starts at 02:00 on 29 March: 01:00 in Paris is 00:00 UTC until then, 23:00 UTC the day before after.
        assertThat(occurrences.get(2).start()).isEqualTo(Instant.parse("2026-03-29T00:00:00Z"));
        assertThat(occurrences.get(3).start()).isEqualTo(Instant.parse("2026-03-29T23:00:00Z"));
        assertThat(occurrences).allSatisfy(o -> assertThat(Duration.between(o.start(), o.end())).hasMinutes(60));
    }

    @Test
    void aLocalStartThatDoesNotExistIsShiftedPastTheGap() {
        MaintenanceWindow daily = window(MaintenanceWindow.Recurrence.DAILY, LocalDateTime.parse("2026-03-28T02:30"), 30,
                Set.of(), null, null);
        List<MaintenanceWindow.Occurrence> onTheDay = daily.occurrences(paris("2026-03-29T00:00"),
                paris("2026-03-30T00:00"));
        assertThat(onTheDay).singleElement().satisfies(o -> assertThat(o.start().atZone(PARIS).toLocalTime())
                .hasToString("03:30"));
    }

    @Test
    void aWeeklyWindowOccursOnItsDaysOnlyAndStopsAfterItsLastDay() {
        // 2026-12-01 is a Tuesday.
        MaintenanceWindow weekly = window(MaintenanceWindow.Recurrence.WEEKLY, LocalDateTime.parse("2026-12-01T22:00"),
                120, EnumSet.of(DayOfWeek.TUESDAY, DayOfWeek.SUNDAY), LocalDate.parse("2026-12-13"), null);
        List<MaintenanceWindow.Occurrence> occurrences = weekly.occurrences(paris("2026-11-01T00:00"),
                paris("2027-01-31T00:00"));
        assertThat(occurrences).extracting(o -> o.start().atZone(PARIS).toLocalDate().toString())
                .containsExactly("2026-12-01", "2026-12-06", "2026-12-08", "2026-12-13");
        // The last one starts on its last day and runs past midnight.
        assertThat(occurrences.getLast().end()).isEqualTo(paris("2026-12-14T00:00"));
    }

    @Test
    void anOccurrenceThatStartedBeforeAPeriodStillCoversItsBeginning() {
        MaintenanceWindow daily = window(MaintenanceWindow.Recurrence.DAILY, LocalDateTime.parse("2026-12-01T23:00"), 180,
                Set.of(), null, null);
        assertThat(daily.covering(paris("2026-12-03T01:30"))).hasValueSatisfying(o -> assertThat(o.start())
                .isEqualTo(paris("2026-12-02T23:00")));
        assertThat(daily.covering(paris("2026-12-03T02:00"))).as("the end is excluded").isEmpty();
        assertThat(daily.covering(paris("2026-12-01T22:59"))).as("nothing before the first start").isEmpty();
    }

    @Test
    void endingAWindowCutsTheOccurrenceInProgressAndDropsTheRest() {
        Instant endedAt = paris("2026-12-02T23:30");
        MaintenanceWindow daily = window(MaintenanceWindow.Recurrence.DAILY, LocalDateTime.parse("2026-12-01T23:00"), 120,
                Set.of(), null, endedAt);
        List<MaintenanceWindow.Occurrence> occurrences = daily.occurrences(paris("2026-12-01T00:00"),
                paris("2026-12-10T00:00"));
        assertThat(occurrences).hasSize(2);
        assertThat(occurrences.getLast().end()).isEqualTo(endedAt);
        assertThat(daily.state(paris("2026-12-05T00:00"))).isEqualTo(MaintenanceWindow.State.PAST);
    }

    @Test
    void theStateSaysWhetherAnOccurrenceIsInProgressOrToCome() {
        MaintenanceWindow once = window(MaintenanceWindow.Recurrence.ONCE, LocalDateTime.parse("2026-12-01T02:00"), 60,
                Set.of(), null, null);
        assertThat(once.state(paris("2026-12-01T01:59"))).isEqualTo(MaintenanceWindow.State.PLANNED);
        assertThat(once.state(paris("2026-12-01T02:00"))).isEqualTo(MaintenanceWindow.State.ACTIVE);
        assertThat(once.state(paris("2026-12-01T03:00"))).isEqualTo(MaintenanceWindow.State.PAST);
        assertThat(once.started(paris("2026-12-01T01:59"))).isFalse();
        assertThat(once.started(paris("2026-12-01T02:00"))).isTrue();
    }

    @Test
    void overlappingOccurrencesCountOnce() {
        Instant t = Instant.parse("2026-12-01T00:00:00Z");
        MaintenancePeriods periods = new MaintenancePeriods(List.of(
                new MaintenanceWindow.Occurrence(t.plusSeconds(600), t.plusSeconds(1_200)),
                new MaintenanceWindow.Occurrence(t, t.plusSeconds(900)),
                new MaintenanceWindow.Occurrence(t.plusSeconds(3_000), t.plusSeconds(3_600))));
        assertThat(periods.intervals()).hasSize(2);
        assertThat(periods.within(t, t.plusSeconds(7_200))).hasSeconds(1_800);
        assertThat(periods.within(t.plusSeconds(1_000), t.plusSeconds(3_300))).hasSeconds(500);
    }
}
