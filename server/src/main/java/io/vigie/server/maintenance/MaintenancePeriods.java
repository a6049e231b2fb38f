package io.vigie.server.maintenance;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The time covered by maintenance over a period: the occurrences of several windows merged into
 * disjoint intervals, so that time covered twice counts once.
 */
public final class MaintenancePeriods {

    private final List<MaintenanceWindow.Occurrence> merged;

    MaintenancePeriods(List<MaintenanceWindow.Occurrence> occurrences) {
        List<MaintenanceWindow.Occurrence> sorted = new ArrayList<>(occurrences);
        sorted.sort(Comparator.comparing(MaintenanceWindow.Occurrence::start));
        List<MaintenanceWindow.Occurrence> result = new ArrayList<>();
        for (MaintenanceWindow.Occurrence o : sorted) {
            MaintenanceWindow.Occurrence last = result.isEmpty() ? null : result.getLast();
            if (last != null && !o.start().isAfter(last.end())) {
                if (o.end().isAfter(last.end())) {
                    result.set(result.size() - 1, new MaintenanceWindow.Occurrence(last.start(), o.end()));
                }
            } else {
                result.add(o);
            }
        }
        this.merged = List.copyOf(result);
    }

    /** @return the disjoint intervals, in order */
    public List<MaintenanceWindow.Occurrence> intervals() {
        return merged;
    }

    /**
     * @param from start of a period
     * @param to end of the period
     * @return how much of the period is covered
     */
    public Duration within(Instant from, Instant to) {
        Duration total = Duration.ZERO;
        for (MaintenanceWindow.Occurrence o : merged) {
            Instant start = o.start().isAfter(from) ? o.start() : from;
            Instant end = o.end().isBefore(to) ? o.end() : to;
            if (start.isBefore(end)) {
                total = total.plus(Duration.between(start, end));
            }
        }
        return total;
    }
}
