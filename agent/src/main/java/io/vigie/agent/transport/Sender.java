package io.vigie.agent.transport;

import io.vigie.agent.log.Event;
import io.vigie.protocol.AgentProtocol;
import io.vigie.protocol.BatchReceipt;
import io.vigie.protocol.Envelope;
import io.vigie.protocol.MessageBatch;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Drains the spool to the control plane, oldest message first, one batch at a time, on its own
 * thread. This is where at-least-once delivery is made: a batch is acknowledged in the spool only
 * after a {@link BatchReceipt} covers it; any failure (refused connection, timeout, 401, 5xx,
 * unreadable answer) keeps the spool as it is and the same messages are sent again after a
 * back-off ({@link Backoff}). The thread never gives up, so the agent reconnects by itself when
 * the control plane comes back.
 *
 * <p>The thread sleeps while the spool is empty and wakes at once when a message is appended
 * ({@link #wake()}, wired as the spool's append listener). {@link #close()} interrupts it and
 * closes the client, which ends a request in flight; the spool is safe against interruption.
 */
public final class Sender implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Sender.class.getName());
    private static final Duration IDLE_CHECK = Duration.ofMinutes(1);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final Spool spool;
    private final AgentClient client;
    private final AgentCredentials credentials;
    private final Backoff backoff;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition signal = lock.newCondition();
    private boolean wakeRequested;
    private volatile boolean stopping;
    private Thread thread;
    private int failures;

    /**
     * @param spool the spool to drain
     * @param client the control plane's API, closed with the sender
     * @param credentials the agent's identity and secret
     * @param backoff the retry delays, normally {@link Backoff#standard()}
     */
    public Sender(Spool spool, AgentClient client, AgentCredentials credentials, Backoff backoff) {
        this.spool = spool;
        this.client = client;
        this.credentials = credentials;
        this.backoff = backoff;
    }

    /** Starts the sending thread and subscribes to the spool's appends. */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("sender already started");
        }
        spool.onAppend(this::wake);
        thread = Thread.ofPlatform().name("vigie-sender").daemon(true).start(this::loop);
    }

    /** Asks the sender to look at the spool now rather than at its next idle check. */
    public void wake() {
        lock.lock();
        try {
            wakeRequested = true;
            signal.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops the thread, cancelling a request in flight, and waits for it to end. If the calling
     * thread is interrupted meanwhile, it stops waiting and keeps its interrupt status.
     */
    @Override
    public synchronized void close() {
        stopping = true;
        spool.onAppend(() -> { });
        if (thread != null) {
            wake();
            thread.interrupt();
        }
        // After the interrupt, so that the request it ends counts as interrupted, not failed.
        client.close();
        if (thread != null) {
            try {
                thread.join(STOP_TIMEOUT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void loop() {
        LOG.log(Level.DEBUG, Event.of("sender.started"));
        while (!stopping) {
            try {
                List<Envelope> batch = spool.peek(AgentProtocol.MAX_BATCH_MESSAGES,
                        AgentProtocol.MAX_BATCH_BYTES - Spool.BATCH_OVERHEAD_BYTES);
                if (batch.isEmpty()) {
                    await(IDLE_CHECK, true);
                } else {
                    sendOnce(batch);
                }
            } catch (InterruptedException e) {
                // close() interrupts; the loop condition decides
            } catch (IOException | RuntimeException e) {
                failed(e);
            }
        }
        LOG.log(Level.DEBUG, Event.of("sender.stopped", "pending", spool.pendingCount()));
    }

    private void sendOnce(List<Envelope> batch) throws IOException, InterruptedException {
        BatchReceipt receipt = client.send(credentials, new MessageBatch(AgentProtocol.VERSION, Instant.now(), batch));
        long covered = coveredPrefix(batch, receipt);
        if (covered == 0) {
            throw new IOException("the receipt covers none of the " + batch.size() + " messages sent");
        }
        logRejections(batch, receipt);
        spool.acknowledge(covered);
        int duplicates = receipt.duplicates() == null ? 0 : receipt.duplicates().size();
        if (failures > 0 || duplicates > 0) {
            LOG.log(Level.INFO, Event.of("transport.delivered", "messages", batch.size(), "duplicates", duplicates,
                    "after-failures", failures, "pending", spool.pendingCount()));
        } else {
            LOG.log(Level.DEBUG, Event.of("transport.delivered", "messages", batch.size(),
                    "last-sequence", covered));
        }
        failures = 0;
        backoff.reset();
    }

    private void failed(Exception e) {
        failures++;
        Duration delay = backoff.next();
        LOG.log(Level.WARNING, Event.of("transport.send-failed", "attempt", failures, "retry-in-ms", delay.toMillis(),
                "pending", spool.pendingCount(), "error", Failures.describe(e)));
        try {
            await(delay, false);
        } catch (InterruptedException stop) {
            // close() interrupts; the loop condition decides
        }
    }

    /** Waits for {@code delay}, or less when stopping, or when woken and {@code wakeable}. */
    private void await(Duration delay, boolean wakeable) throws InterruptedException {
        long remaining = delay.toNanos();
        lock.lock();
        try {
            if (wakeable && wakeRequested) {
                wakeRequested = false;
                return;
            }
            while (!stopping && remaining > 0 && !(wakeable && wakeRequested)) {
                remaining = signal.awaitNanos(remaining);
            }
            if (wakeable) {
                wakeRequested = false;
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * @return the sequence of the last message of the longest prefix of the batch that the receipt
     *     lists, 0 when it lists not even the first
     */
    static long coveredPrefix(List<Envelope> batch, BatchReceipt receipt) {
        Set<UUID> listed = new HashSet<>();
        if (receipt.accepted() != null) {
            listed.addAll(receipt.accepted());
        }
        if (receipt.duplicates() != null) {
            listed.addAll(receipt.duplicates());
        }
        if (receipt.rejected() != null) {
            receipt.rejected().forEach(r -> listed.add(r.id()));
        }
        long covered = 0;
        for (Envelope envelope : batch) {
            if (!listed.contains(envelope.id())) {
                break;
            }
            covered = envelope.sequence();
        }
        return covered;
    }

    private static void logRejections(List<Envelope> batch, BatchReceipt receipt) {
        if (receipt.rejected() == null) {
            return;
        }
        for (BatchReceipt.Rejection rejection : receipt.rejected()) {
            Envelope envelope = batch.stream().filter(e -> e.id().equals(rejection.id())).findFirst().orElse(null);
            LOG.log(Level.WARNING, Event.of("transport.rejected", "id", rejection.id(),
                    "sequence", envelope == null ? null : envelope.sequence(),
                    "type", envelope == null ? null : envelope.type(), "reason", rejection.reason()));
        }
    }
}
