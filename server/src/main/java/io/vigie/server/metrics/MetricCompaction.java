package io.vigie.server.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import io.vigie.server.platform.VigieProperties;

/**
 * Compaction, rollups and retention of the metric store (docs/metrics-storage.md). Run by the
 * recurring jobs of {@link MetricJobs}; each window is compacted in its own transaction, so a
 * crash leaves either its plain samples or its block.
 */
@Service
public class MetricCompaction {

    /** Width of a compressed block's window. */
    public static final Duration WINDOW = Resolution.RAW.blockPeriod();
    /** How long after a window closes its samples are compacted (late rounds still arrive plain). */
    public static final Duration GRACE = Duration.ofMinutes(10);

    private static final Logger log = LoggerFactory.getLogger(MetricCompaction.class);
    private static final int WINDOWS_PER_QUERY = 500;

    private final MetricRepository repository;
    private final TransactionTemplate transactions;
    private final VigieProperties.Metrics settings;
    private final Clock clock;

    MetricCompaction(MetricRepository repository, TransactionTemplate transactions, VigieProperties properties,
            Clock clock) {
        this.repository = repository;
        this.transactions = transactions;
        this.settings = properties.metrics();
        this.clock = clock;
    }

    /**
     * Compacts every window that closed more than {@link #GRACE} ago.
     *
     * @return the number of samples compacted
     */
    public long compact() {
        return compactBefore(windowStart(clock.instant().minus(GRACE).toEpochMilli()));
    }

    /**
     * Compacts the plain samples of every window that ends at or before {@code before}.
     *
     * @param before a window boundary
     * @return the number of samples compacted
     */
    long compactBefore(Instant before) {
        long total = 0;
        long windows = 0;
        List<MetricRepository.Window> batch;
        do {
            batch = repository.windowsToCompact(before, WINDOW, WINDOWS_PER_QUERY);
            for (MetricRepository.Window window : batch) {
                Long compacted = transactions.execute(status -> compact(window));
                total += compacted == null ? 0 : compacted;
                windows++;
            }
        } while (batch.size() == WINDOWS_PER_QUERY);
        if (windows > 0) {
            log.info("metric compaction: {} samples in {} series windows", total, windows);
        }
        return total;
    }

    private long compact(MetricRepository.Window window) {
        Instant end = window.windowStart().plus(WINDOW);
        List<MetricRepository.Sample> plain = repository.takePlainSamples(window.seriesId(), window.windowStart(), end);
        if (plain.isEmpty()) {
            return 0;
        }
        long[] times;
        double[] values;
        List<MetricRepository.Sample> added = new ArrayList<>(plain.size());
        var existing = repository.blockForUpdate(window.seriesId(), window.windowStart());
        if (existing.isEmpty()) {
            added.addAll(plain);
            times = new long[plain.size()];
            values = new double[plain.size()];
            for (int i = 0; i < plain.size(); i++) {
                times[i] = plain.get(i).at();
                values[i] = plain.get(i).value();
            }
        } else {
            // Late samples: merged in time order; a time already in the block keeps the block's value.
            SampleBlock.Decoded old = SampleBlock.decode(existing.get());
            times = new long[old.times().length + plain.size()];
            values = new double[times.length];
            int i = 0;
            int j = 0;
            int n = 0;
            while (i < old.times().length || j < plain.size()) {
                if (j >= plain.size() || i < old.times().length && old.times()[i] <= plain.get(j).at()) {
                    if (j < plain.size() && old.times()[i] == plain.get(j).at()) {
                        j++;
                    }
                    times[n] = old.times()[i];
                    values[n++] = old.values()[i++];
                } else {
                    added.add(plain.get(j));
                    times[n] = plain.get(j).at();
                    values[n++] = plain.get(j++).value();
                }
            }
            times = Arrays.copyOf(times, n);
            values = Arrays.copyOf(values, n);
        }
        repository.upsertBlock(window.seriesId(), window.windowStart(), times[0], times[times.length - 1],
                times.length, SampleBlock.encode(times, values, times.length));
        addRollups(Resolution.FIVE_MINUTES, window, added);
        addRollups(Resolution.ONE_HOUR, window, added);
        return added.size();
    }

    /**
     * Adds samples of a window to the rollup block of the period that holds the window: decoded,
     * combined bucket by bucket with the samples' aggregates, encoded again.
     */
    private void addRollups(Resolution resolution, MetricRepository.Window window, List<MetricRepository.Sample> added) {
        long period = resolution.blockPeriod().toMillis();
        Instant periodStart = Instant.ofEpochMilli(Math.floorDiv(window.windowStart().toEpochMilli(), period) * period);
        TreeMap<Long, Aggregate> buckets = new TreeMap<>();
        repository.rollupBlockForUpdate(window.seriesId(), resolution, periodStart).ifPresent(data -> {
            RollupBlock.Decoded old = RollupBlock.decode(data);
            for (int i = 0; i < old.buckets().length; i++) {
                buckets.put(old.buckets()[i], old.aggregates()[i]);
            }
        });
        long width = resolution.bucket().toMillis();
        for (MetricRepository.Sample s : added) {
            buckets.merge(Math.floorDiv(s.at(), width) * width, Aggregate.of(s.at(), s.value()), Aggregate::combine);
        }
        long[] starts = new long[buckets.size()];
        Aggregate[] aggregates = new Aggregate[buckets.size()];
        int i = 0;
        for (Map.Entry<Long, Aggregate> bucket : buckets.entrySet()) {
            starts[i] = bucket.getKey();
            aggregates[i++] = bucket.getValue();
        }
        repository.upsertRollupBlock(window.seriesId(), resolution, periodStart,
                RollupBlock.encode(starts, aggregates, starts.length));
    }

    /** Deletes blocks and rollups past their retention. */
    public void applyRetention() {
        Instant now = clock.instant();
        int[] deleted = repository.deleteExpired(now.minus(settings.rawRetention()),
                now.minus(settings.fiveMinuteRetention()), now.minus(settings.oneHourRetention()));
        log.info("metric retention: deleted {} blocks, {} plain samples, {} 5-minute and {} 1-hour rollup blocks,"
                + " {} 5-minute and {} 1-hour rollup rows", deleted[0], deleted[1], deleted[2], deleted[3], deleted[4],
                deleted[5]);
    }

    private static Instant windowStart(long epochMilli) {
        long width = WINDOW.toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(epochMilli, width) * width);
    }
}
