package io.vigie.agent.schedule;

import io.vigie.agent.log.Event;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs one task at a fixed rate on its own daemon thread, the first run at start: the clock of
 * the agent's producers (heartbeats, metrics). The task must not throw: an exception would end
 * the schedule silently, so each producer catches and logs its own failures. Stopping does not
 * interrupt a run in progress but waits for it.
 */
public final class Periodic implements AutoCloseable {

    /** The shortest interval accepted (tests use it). */
    public static final Duration MIN_INTERVAL = Duration.ofSeconds(1);

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final String name;
    private final Duration interval;
    private final Runnable task;
    private final System.Logger log;
    private final ScheduledExecutorService scheduler;

    /**
     * @param name the task's name, e.g. {@code heartbeat}: its thread is {@code vigie-<name>}, its
     *     log events {@code <name>.*}
     * @param interval time between runs, at least {@link #MIN_INTERVAL}
     * @param task what to run; must not throw
     * @param log where the schedule's start and stop are logged: the owner's logger
     * @throws IllegalArgumentException when the interval is too short
     */
    public Periodic(String name, Duration interval, Runnable task, System.Logger log) {
        if (interval.compareTo(MIN_INTERVAL) < 0) {
            throw new IllegalArgumentException(name + " interval must be at least " + MIN_INTERVAL);
        }
        this.name = name;
        this.interval = interval;
        this.task = task;
        this.log = log;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("vigie-" + name).daemon(true).factory());
    }

    /**
     * Runs the task now, then every interval.
     *
     * @param keyValues more key-value pairs for the {@code <name>.started} log line
     */
    public void start(Object... keyValues) {
        scheduler.scheduleAtFixedRate(task, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
        Object[] pairs = new Object[keyValues.length + 2];
        pairs[0] = "interval";
        pairs[1] = interval;
        System.arraycopy(keyValues, 0, pairs, 2, keyValues.length);
        log.log(Level.INFO, Event.of(name + ".started", pairs));
    }

    /**
     * Stops the schedule and waits for a run in progress. If the calling thread is interrupted
     * meanwhile, it stops waiting and keeps its interrupt status.
     */
    @Override
    public void close() {
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(STOP_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS)) {
                log.log(Level.WARNING, Event.of(name + ".stop-timeout"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
