package io.vigie.agent.metrics;

import io.vigie.agent.host.HostFiles;
import io.vigie.agent.log.Event;
import io.vigie.agent.metrics.db.DatabaseTarget;
import io.vigie.agent.schedule.Periodic;
import io.vigie.agent.transport.Spool;
import io.vigie.protocol.Envelope;
import io.vigie.protocol.MessageType;
import io.vigie.protocol.MetricSamples;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the metric collectors every interval, the first round at start, and appends each round to
 * the spool as one {@link MessageType#METRICS} message ({@link MetricSamples}). The metrics and
 * their sources are listed in {@code docs/metrics.md}.
 *
 * <p>A collector that throws is skipped for the round (its samples of the round are discarded)
 * and the others still report. Its failure is logged at WARN when it starts or changes, at DEBUG
 * while it lasts (a missing file would otherwise fill the journal every 30 s), and its recovery
 * at INFO. A failed append (disk full, ...) is logged and the next round is tried at the next
 * tick: an exception never ends the schedule. A round without any sample appends nothing.
 * Stopping does not interrupt a round being written.
 */
public final class Metrics implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Metrics.class.getName());

    private final Spool spool;
    private final List<Collector> collectors;
    private final Clock clock;
    private final Periodic schedule;
    /** The last error of each failing collector, by name; touched only by the round's thread. */
    private final Map<String, String> failing = new HashMap<>();

    /**
     * @param spool where rounds go
     * @param collectors the collectors, run in this order
     * @param clock gives {@code observedAt}
     * @param interval time between rounds, at least {@link Periodic#MIN_INTERVAL}
     * @throws IllegalArgumentException when the interval is too short
     */
    public Metrics(Spool spool, List<Collector> collectors, Clock clock, Duration interval) {
        this.spool = spool;
        this.collectors = List.copyOf(collectors);
        this.clock = clock;
        this.schedule = new Periodic("metrics", interval, this::collect, LOG);
    }

    /**
     * @param root the directory standing for the host's {@code /}
     * @return every collector of the host's files, reading below {@code root}
     */
    public static List<Collector> collectors(Path root) {
        HostFiles files = new HostFiles(root);
        return List.of(new CpuCollector(files), new LoadCollector(files), new MemoryCollector(files),
                new FilesystemCollector(files), new DiskCollector(files), new NetworkCollector(files),
                new ProcessesCollector(files), new TcpCollector(files), new MdstatCollector(files),
                new SmartCollector(files, Clock.systemUTC()), new EdacCollector(files));
    }

    /**
     * @param root the directory standing for the host's {@code /}
     * @param databases the database servers whose connections are reported
     * @return every collector of the agent: those of {@link #collectors(Path)}, then one per database
     */
    public static List<Collector> collectors(Path root, List<DatabaseTarget> databases) {
        List<Collector> collectors = new ArrayList<>(collectors(root));
        databases.forEach(database -> collectors.add(database.collector()));
        return collectors;
    }

    /** Collects a round now, then every interval. */
    public void start() {
        schedule.start("collectors", collectors.size());
    }

    /** Collects one round and appends it to the spool. Never throws. */
    void collect() {
        try {
            Instant observedAt = clock.instant();
            SampleSink sink = new SampleSink();
            for (Collector collector : collectors) {
                int before = sink.size();
                try {
                    collector.collect(sink);
                    recovered(collector);
                } catch (Exception e) {
                    sink.truncate(before);
                    failed(collector, e);
                }
            }
            if (sink.dropped() > 0) {
                LOG.log(Level.WARNING, Event.of("metrics.too-many-samples", "kept", sink.size(),
                        "dropped", sink.dropped()));
            }
            if (sink.size() == 0) {
                LOG.log(Level.DEBUG, Event.of("metrics.empty"));
                return;
            }
            Envelope envelope = spool.append(MessageType.METRICS, new MetricSamples(observedAt, sink.samples()));
            LOG.log(Level.DEBUG, Event.of("metrics.spooled", "sequence", envelope.sequence(), "samples", sink.size()));
        } catch (Exception e) {
            LOG.log(Level.ERROR, Event.of("metrics.failed"), e);
        }
    }

    private void failed(Collector collector, Exception e) {
        String error = e.toString();
        String previous = failing.put(collector.name(), error);
        Level level = error.equals(previous) ? Level.DEBUG : Level.WARNING;
        LOG.log(level, Event.of("metrics.collector-failed", "collector", collector.name(), "error", error));
    }

    private void recovered(Collector collector) {
        if (failing.remove(collector.name()) != null) {
            LOG.log(Level.INFO, Event.of("metrics.collector-recovered", "collector", collector.name()));
        }
    }

    /** Stops the schedule and waits for a round being written (see {@link Periodic#close()}). */
    @Override
    public void close() {
        schedule.close();
    }
}
