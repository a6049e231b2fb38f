package io.vigie.server.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.vigie.server.platform.InvalidInputException;
import io.vigie.server.platform.VigieProperties;

/**
 * Range queries on the metric store (docs/metrics-storage.md): one metric of one server or
 * monitor, every series whose labels include the given ones, at a step, from the coarsest
 * resolution the step allows. Counters come back as per-second rates. The caller checks that the
 * viewer may see the server or monitor.
 */
@Service
public class MetricQueryService {

    /** Most points one series of an answer may have (30 days at 5 minutes is 8,640). */
    public static final int MAX_POINTS = 11_000;

    private final MetricRepository repository;
    private final VigieProperties.Metrics settings;
    private final Clock clock;

    MetricQueryService(MetricRepository repository, VigieProperties properties, Clock clock) {
        this.repository = repository;
        this.settings = properties.metrics();
        this.clock = clock;
    }

    /**
     * One point of a series: the aggregate of the samples of a step.
     *
     * @param at start of the step, epoch milliseconds
     * @param avg average (for a counter: the rate over the step)
     * @param min smallest value
     * @param max largest value
     */
    public record Point(long at, double avg, double min, double max) {
    }

    /**
     * @param labels the series' labels
     * @param points its points, in time order; a step without samples has no point
     */
    public record SeriesPoints(Map<String, String> labels, List<Point> points) {
    }

    /**
     * @param name metric name
     * @param kind gauge or counter (a counter's points are per-second rates)
     * @param unit unit of the values (per second for a counter)
     * @param resolution the stored resolution the points come from
     * @param step the step between points
     * @param from start of the range, aligned on the step
     * @param to end of the range
     * @param series one entry per series
     */
    public record MetricRange(String name, MetricCatalog.Kind kind, String unit, Resolution resolution,
            Duration step, Instant from, Instant to, List<SeriesPoints> series) {
    }

    /**
     * @param serverId the server (the caller checked that the viewer may see it)
     * @param name a metric name
     * @param match labels the series must have (empty for all)
     * @param from start of the range
     * @param to end of the range
     * @param step step between points
     * @return the points of every matching series
     * @throws InvalidInputException for an unknown name, an empty range, a step under a second or
     *         too many points
     */
    @Transactional(readOnly = true)
    public MetricRange range(UUID serverId, String name, Map<String, String> match, Instant from, Instant to,
            Duration step) {
        return range(MetricCatalog.Owner.SERVER, serverId, name, match, from, to, step);
    }

    /**
     * @param owner a server or a monitor
     * @param ownerId its id (the caller checked that the viewer may see it)
     * @param name a metric name of that kind of owner
     * @param match labels the series must have (empty for all)
     * @param from start of the range
     * @param to end of the range
     * @param step step between points
     * @return the points of every matching series
     * @throws InvalidInputException for a name unknown for that owner, an empty range, a step
     *         under a second or too many points
     */
    @Transactional(readOnly = true)
    public MetricRange range(MetricCatalog.Owner owner, UUID ownerId, String name, Map<String, String> match,
            Instant from, Instant to, Duration step) {
        MetricCatalog.Metric metric = MetricCatalog.find(owner, name).orElseThrow(() -> new InvalidInputException(
                "name", "unknown metric of a " + owner.name().toLowerCase(Locale.ROOT) + ": " + name));
        if (!from.isBefore(to)) {
            throw new InvalidInputException("from", "the range must start before it ends");
        }
        if (step.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new InvalidInputException("step", "the step is at least one second");
        }
        long stepMs = step.toMillis();
        long first = Math.floorDiv(from.toEpochMilli(), stepMs) * stepMs;
        if ((to.toEpochMilli() - first) / stepMs > MAX_POINTS) {
            throw new InvalidInputException("step", "at most " + MAX_POINTS + " points per series: use a larger step");
        }
        Resolution resolution = resolution(step, Instant.ofEpochMilli(first));
        List<MetricRepository.Series> series = repository.series(owner, ownerId, name).stream()
                .filter(s -> s.labels().entrySet().containsAll(match.entrySet())).toList();
        // A counter's first rate needs the step before the range.
        Instant queryFrom = Instant.ofEpochMilli(metric.kind() == MetricCatalog.Kind.COUNTER ? first - stepMs : first);
        Map<Long, TreeMap<Long, Aggregate>> steps = series.isEmpty() ? Map.of()
                : aggregate(resolution, series.stream().mapToLong(MetricRepository.Series::id).toArray(), queryFrom,
                        to, stepMs);
        List<SeriesPoints> result = new ArrayList<>();
        for (MetricRepository.Series s : series) {
            TreeMap<Long, Aggregate> byStep = steps.getOrDefault(s.id(), new TreeMap<>());
            List<Point> points = metric.kind() == MetricCatalog.Kind.COUNTER ? rates(byStep, first) : values(byStep);
            result.add(new SeriesPoints(s.labels(), points));
        }
        String unit = metric.kind() == MetricCatalog.Kind.COUNTER ? metric.unit() + "/s" : metric.unit();
        return new MetricRange(name, metric.kind(), unit, resolution, step, Instant.ofEpochMilli(first), to, result);
    }

    /** The coarsest stored resolution not coarser than the step, and kept back to {@code from}. */
    private Resolution resolution(Duration step, Instant from) {
        Instant now = clock.instant();
        Resolution resolution = step.compareTo(Resolution.ONE_HOUR.bucket()) >= 0 ? Resolution.ONE_HOUR
                : step.compareTo(Resolution.FIVE_MINUTES.bucket()) >= 0 ? Resolution.FIVE_MINUTES : Resolution.RAW;
        if (resolution == Resolution.RAW && from.isBefore(now.minus(settings.rawRetention()))) {
            resolution = Resolution.FIVE_MINUTES;
        }
        if (resolution == Resolution.FIVE_MINUTES && from.isBefore(now.minus(settings.fiveMinuteRetention()))) {
            resolution = Resolution.ONE_HOUR;
        }
        return resolution;
    }

    private Map<Long, TreeMap<Long, Aggregate>> aggregate(Resolution resolution, long[] ids, Instant from, Instant to,
            long stepMs) {
        Map<Long, TreeMap<Long, Aggregate>> steps = new HashMap<>();
        long fromMs = from.toEpochMilli();
        long toMs = to.toEpochMilli();
        if (resolution == Resolution.RAW) {
            for (MetricRepository.Sample sample : repository.plainSamples(ids, from, to)) {
                add(steps, sample.seriesId(), stepMs, Aggregate.of(sample.at(), sample.value()));
            }
            for (MetricRepository.Block block : repository.blocks(ids, from, to)) {
                SampleBlock.Decoded decoded = SampleBlock.decode(block.data());
                for (int i = 0; i < decoded.times().length; i++) {
                    long at = decoded.times()[i];
                    if (at >= fromMs && at < toMs) {
                        add(steps, block.seriesId(), stepMs, Aggregate.of(at, decoded.values()[i]));
                    }
                }
            }
        } else {
            for (MetricRepository.Rollup rollup : repository.rollups(resolution, ids, from, to)) {
                add(steps, rollup.seriesId(), stepMs, rollup.aggregate(), rollup.bucket());
            }
        }
        return steps;
    }

    private static void add(Map<Long, TreeMap<Long, Aggregate>> steps, long seriesId, long stepMs, Aggregate sample) {
        add(steps, seriesId, stepMs, sample, sample.lastAt());
    }

    private static void add(Map<Long, TreeMap<Long, Aggregate>> steps, long seriesId, long stepMs, Aggregate aggregate,
            long at) {
        steps.computeIfAbsent(seriesId, k -> new TreeMap<>())
                .merge(Math.floorDiv(at, stepMs) * stepMs, aggregate, Aggregate::combine);
    }

    private static List<Point> values(TreeMap<Long, Aggregate> byStep) {
        List<Point> points = new ArrayList<>(byStep.size());
        byStep.forEach((at, a) -> points.add(new Point(at, a.avg(), a.min(), a.max())));
        return points;
    }

    /** Per-second rates between the last values of consecutive steps; a counter that went down restarted from 0. */
    private static List<Point> rates(TreeMap<Long, Aggregate> byStep, long first) {
        List<Point> points = new ArrayList<>(byStep.size());
        Aggregate previous = null;
        for (Map.Entry<Long, Aggregate> step : byStep.entrySet()) {
            Aggregate current = step.getValue();
            if (previous != null && step.getKey() >= first && current.lastAt() > previous.lastAt()) {
                double increase = current.last() >= previous.last() ? current.last() - previous.last() : current.last();
                double rate = increase * 1000.0 / (current.lastAt() - previous.lastAt());
                points.add(new Point(step.getKey(), rate, rate, rate));
            }
            previous = current;
        }
        return points;
    }
}
