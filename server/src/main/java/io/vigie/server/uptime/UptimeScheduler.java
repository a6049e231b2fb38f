package io.vigie.server.uptime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vigie.server.incidents.Incident;
import io.vigie.server.incidents.IncidentService;
import io.vigie.server.platform.ClusterLock;
import io.vigie.server.platform.VigieProperties;

/**
 * Runs every active monitor's check on time (docs/uptime.md, "Scheduling").
 *
 * <p>Design: one platform thread owns a priority queue of {@link Slot}s ordered by due time; it
 * wakes at the earliest due time (at most every second), hands each due check to a virtual thread
 * and moves the slot to its next due time. A monitor's due times are the instants {@code t} with
 * {@code t mod interval = phase}, the phase derived from its id: checks spread evenly over the
 * interval and keep their rhythm across restarts. The monitor list is reloaded every
 * {@link #RELOAD_INTERVAL}. Concurrency is bounded by a semaphore that the check's virtual thread
 * waits for, never the scheduling thread.
 *
 * <p>Invariants: the queue and the slot map are touched only under this object's lock (the
 * scheduling thread, or a test's {@link #runDue}); a slot's due time changes only while it is out of
 * the queue; a monitor has at most one check running ({@link Slot#busy}); the incident service is
 * called only when a monitor's confirmed state changes, or for its first outcome since start.
 *
 * <p>With several control plane nodes, only the node holding the {@code uptime} {@link ClusterLock}
 * checks; the others stand by, try to take the lock every {@link #STANDBY_SLEEP}, and start from an
 * empty schedule when they do (docs/uptime.md, "Several control plane nodes").
 */
@Component
class UptimeScheduler implements SmartLifecycle {

    /** How often the monitor list is read again from the database. */
    static final Duration RELOAD_INTERVAL = Duration.ofSeconds(30);
    private static final long MAX_SLEEP_MILLIS = 1_000;
    /** How long a node without the lock waits before trying again. */
    static final Duration STANDBY_SLEEP = Duration.ofSeconds(5);
    /** How long the active node trusts its lock's database session between two checks. */
    private static final Duration LOCK_RECHECK = Duration.ofSeconds(10);
    private static final Logger log = LoggerFactory.getLogger(UptimeScheduler.class);

    private final UptimeService monitors;
    private final UptimeChecker checker;
    private final IncidentService incidents;
    private final Clock clock;
    private final Timer lateness;
    private final Semaphore permits;
    private final boolean enabled;
    private final ClusterLock lock;
    private final ExecutorService executor = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("uptime-check-", 0).factory());

    private final Map<UUID, Slot> slots = new HashMap<>();
    private final PriorityQueue<Slot> queue = new PriorityQueue<>(Comparator.comparing((Slot s) -> s.due));
    private Instant nextReload = Instant.MIN;
    private volatile Thread thread;
    private volatile boolean running;

    UptimeScheduler(UptimeService monitors, UptimeChecker checker, IncidentService incidents, Clock clock,
            MeterRegistry registry, VigieProperties properties, DataSource dataSource) {
        this.monitors = monitors;
        this.checker = checker;
        this.incidents = incidents;
        this.clock = clock;
        this.lateness = Timer.builder("vigie.uptime.check.lateness")
                .description("Start of an uptime check minus its due time").publishPercentiles(0.5, 0.99)
                .register(registry);
        this.permits = new Semaphore(properties.uptime().maxConcurrentChecks());
        this.enabled = properties.uptime().enabled();
        this.lock = new ClusterLock(dataSource, "uptime", LOCK_RECHECK);
    }

    /** A monitor's place in the schedule. */
    private static final class Slot {
        Monitor monitor;
        Instant due;
        final AtomicBoolean busy = new AtomicBoolean();
        /** The last confirmed state: true down, false up, null unknown since start. */
        volatile Boolean down;

        Slot(Monitor monitor, Instant due) {
            this.monitor = monitor;
            this.due = due;
        }
    }

    /**
     * @param monitor a monitor
     * @param notBefore an instant
     * @return the monitor's first due time at or after that instant
     */
    static Instant nextDue(Monitor monitor, Instant notBefore) {
        long interval = monitor.intervalSeconds() * 1000L;
        UUID id = monitor.id();
        long phase = Math.floorMod(id.getMostSignificantBits() ^ id.getLeastSignificantBits(), interval);
        long at = notBefore.toEpochMilli();
        long candidate = at - Math.floorMod(at, interval) + phase;
        return Instant.ofEpochMilli(candidate < at ? candidate + interval : candidate);
    }

    /**
     * Runs one round now, for tests: reloads the monitors, starts every check due at {@code now}
     * and waits for them to finish.
     *
     * @param now the time of the round; later than every due time to run every monitor
     * @return how many checks ran
     * @throws InterruptedException if interrupted while waiting
     */
    int runDue(Instant now) throws InterruptedException {
        List<Future<?>> started;
        synchronized (this) {
            nextReload = Instant.MIN;
            started = startDue(now);
        }
        for (Future<?> check : started) {
            try {
                check.get();
            } catch (ExecutionException e) {
                log.error("uptime check failed", e.getCause());
            }
        }
        return started.size();
    }

    private synchronized List<Future<?>> startDue(Instant now) {
        Instant wallClock = clock.instant();
        if (!wallClock.isBefore(nextReload)) {
            reload(wallClock);
        }
        List<Future<?>> started = new ArrayList<>();
        while (!queue.isEmpty() && !queue.peek().due.isAfter(now)) {
            Slot slot = queue.poll();
            Instant due = slot.due;
            slot.due = nextDue(slot.monitor, now.plusMillis(1));
            queue.add(slot);
            if (slot.busy.compareAndSet(false, true)) {
                Monitor monitor = slot.monitor;
                long queuedAt = System.nanoTime();
                started.add(executor.submit(() -> run(slot, monitor, due, now, queuedAt)));
            }
        }
        return started;
    }

    /** Reads the active monitors again; a monitor whose interval did not change keeps its due time. */
    private void reload(Instant now) {
        nextReload = now.plus(RELOAD_INTERVAL);
        List<Monitor> active;
        try {
            active = monitors.active();
        } catch (RuntimeException e) {
            log.warn("uptime monitors not reloaded, keeping the previous list: {}", e.toString());
            return;
        }
        Map<UUID, Slot> previous = new HashMap<>(slots);
        slots.clear();
        queue.clear();
        for (Monitor monitor : active) {
            Slot slot = previous.get(monitor.id());
            if (slot == null) {
                slot = new Slot(monitor, nextDue(monitor, now));
            } else if (slot.monitor.intervalSeconds() != monitor.intervalSeconds()) {
                slot.due = nextDue(monitor, now);
            }
            slot.monitor = monitor;
            slots.put(monitor.id(), slot);
            queue.add(slot);
        }
    }

    private void run(Slot slot, Monitor monitor, Instant due, Instant now, long queuedAt) {
        try {
            permits.acquire();
            try {
                Duration late = Duration.between(due, now.plusNanos(System.nanoTime() - queuedAt));
                lateness.record(late.isNegative() ? Duration.ZERO : late);
                check(slot, monitor);
            } finally {
                permits.release();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("uptime check of monitor {} not recorded: {}", monitor.id(), e.toString());
        } finally {
            slot.busy.set(false);
        }
    }

    /** One check: an attempt, its immediate retry when it fails, the results and the incident. */
    private void check(Slot slot, Monitor monitor) {
        CheckResult outcome = checker.check(monitor);
        if (Thread.currentThread().isInterrupted()) {
            return;
        }
        monitors.record(monitor.id(), outcome);
        if (!outcome.ok()) {
            outcome = checker.check(monitor).asAttempt(2);
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            monitors.record(monitor.id(), outcome);
        }
        boolean down = !outcome.ok();
        if (slot.down != null && slot.down == down) {
            return;
        }
        if (down) {
            incidents.open(new Incident.Opening(monitor.clientId(), monitor.serverId(), monitor.id(),
                    monitor.incidentKey(), Incident.Kind.UPTIME, Incident.Severity.CRITICAL,
                    "Uptime monitor \"" + monitor.name() + "\" is down", outcome.error()));
        } else {
            incidents.resolve(monitor.incidentKey(), "up again" + (outcome.responseMs() == null ? ""
                    : ", answered in " + outcome.responseMs() + " ms"));
        }
        slot.down = down;
    }

    private void loop() {
        while (running) {
            try {
                Instant now = clock.instant();
                if (!lock.holds(now)) {
                    standBy();
                    Thread.sleep(STANDBY_SLEEP.toMillis());
                    continue;
                }
                startDue(now);
                Thread.sleep(millisToNextDue(now));
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.error("uptime scheduler round failed", e);
                try {
                    Thread.sleep(MAX_SLEEP_MILLIS);
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    /** Forgets the schedule and the monitors' states: another node checks them meanwhile. */
    private synchronized void standBy() {
        slots.clear();
        queue.clear();
        nextReload = Instant.MIN;
    }

    private synchronized long millisToNextDue(Instant now) {
        Slot first = queue.peek();
        long millis = first == null ? MAX_SLEEP_MILLIS : Duration.between(now, first.due).toMillis();
        return Math.clamp(millis, 1, MAX_SLEEP_MILLIS);
    }

    @Override
    public boolean isAutoStartup() {
        return enabled;
    }

    @Override
    public void start() {
        if (!enabled || running) {
            return;
        }
        running = true;
        thread = Thread.ofPlatform().name("uptime-scheduler").daemon().start(this::loop);
        log.info("uptime scheduler started");
    }

    @Override
    public void stop() {
        running = false;
        Thread current = thread;
        if (current != null) {
            current.interrupt();
        }
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        lock.close();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
