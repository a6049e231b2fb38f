package io.vigie.agent.heartbeat;

import io.vigie.agent.log.Event;
import io.vigie.agent.schedule.Periodic;
import io.vigie.agent.transport.Spool;
import io.vigie.protocol.Envelope;
import io.vigie.protocol.Heartbeat;
import io.vigie.protocol.HostFacts;
import io.vigie.protocol.MessageType;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Appends a {@link Heartbeat} with freshly collected facts to the spool every interval, the first
 * one at start. The spool wakes the sender on each append.
 *
 * <p>Heartbeats are spooled like every other message, so those taken while the control plane is
 * unreachable still arrive later and prove the host was up. A failed heartbeat (disk full, ...)
 * is logged and the next one is tried at the next tick: an exception never ends the schedule.
 * Stopping does not interrupt a heartbeat being written.
 */
public final class Heartbeats implements AutoCloseable {

    /** The shortest interval accepted (tests use it). */
    public static final Duration MIN_INTERVAL = Periodic.MIN_INTERVAL;

    private static final System.Logger LOG = System.getLogger(Heartbeats.class.getName());

    private final Spool spool;
    private final Supplier<HostFacts> facts;
    private final Clock clock;
    private final Periodic schedule;

    /**
     * @param spool where heartbeats go
     * @param facts collects the host's facts for each heartbeat (normally a {@code FactsCollector})
     * @param clock gives {@code observedAt}
     * @param interval time between heartbeats, at least {@link #MIN_INTERVAL}
     * @throws IllegalArgumentException when the interval is too short
     */
    public Heartbeats(Spool spool, Supplier<HostFacts> facts, Clock clock, Duration interval) {
        this.spool = spool;
        this.facts = facts;
        this.clock = clock;
        this.schedule = new Periodic("heartbeat", interval, this::beat, LOG);
    }

    /** Takes a heartbeat now, then every interval. */
    public void start() {
        schedule.start();
    }

    /** Takes one heartbeat: collects the facts and appends them to the spool. Never throws. */
    void beat() {
        try {
            Envelope envelope = spool.append(MessageType.HEARTBEAT, new Heartbeat(clock.instant(), facts.get()));
            LOG.log(Level.DEBUG, Event.of("heartbeat.spooled", "sequence", envelope.sequence()));
        } catch (Exception e) {
            LOG.log(Level.ERROR, Event.of("heartbeat.failed"), e);
        }
    }

    /** Stops the schedule and waits for a heartbeat being written (see {@link Periodic#close()}). */
    @Override
    public void close() {
        schedule.close();
    }
}
