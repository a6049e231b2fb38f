package io.vigie.agent.transport;

import io.vigie.agent.log.Event;
import io.vigie.protocol.AgentProtocol;
import io.vigie.protocol.Envelope;
import io.vigie.protocol.MessageType;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The agent's on-disk outbox: every message is appended here (fsync'd) before it is sent, and
 * leaves only once the control plane has acknowledged it. The format and the rules are in
 * {@code docs/agent-spool.md}; read it before changing this class.
 *
 * <p>Invariants, all guarded by {@link #lock}:
 * <ul>
 *   <li>{@link #segments} holds, oldest first, exactly the segment files that contain at least one
 *       unacknowledged message; only the first one may also contain acknowledged lines, and
 *       {@link #headOffset} is the offset of its first unacknowledged line;</li>
 *   <li>sequences are contiguous inside the spool; {@link #lastSequence} is the greatest ever
 *       used, so numbering continues across restarts;</li>
 *   <li>{@link #committed} is on disk (the {@code committed} file) before the memory says so;</li>
 *   <li>{@link #totalBytes} is the sum of the segments' sizes.</li>
 * </ul>
 * The append listener is called outside the lock.
 */
public final class Spool implements AutoCloseable {

    /** The default size cap: 256 MiB. */
    public static final long DEFAULT_MAX_BYTES = 256L * 1024 * 1024;

    /** The smallest size cap accepted: 1 MiB. */
    public static final long MIN_MAX_BYTES = 1024L * 1024;

    /** Room left in a batch for its own JSON around the messages. */
    public static final int BATCH_OVERHEAD_BYTES = 1024;

    /** The largest message, as one JSON line without its newline: it must fit in a batch alone. */
    public static final int MAX_MESSAGE_BYTES = AgentProtocol.MAX_BATCH_BYTES - BATCH_OVERHEAD_BYTES;

    private static final System.Logger LOG = System.getLogger(Spool.class.getName());
    private static final long MIN_SEGMENT_BYTES = 64L * 1024;
    private static final long MAX_SEGMENT_BYTES = 16L * 1024 * 1024;

    private final ReentrantLock lock = new ReentrantLock();
    private final Path directory;
    private final long maxBytes;
    private final long segmentBytes;
    private final Clock clock;
    private final CommittedPosition committedPosition;
    private final Deque<SegmentFile> segments;
    private long committed;
    private long lastSequence;
    private long headOffset;
    private long totalBytes;
    private long droppedMessages;
    private boolean closed;
    private volatile Runnable appendListener = () -> { };

    private Spool(Path directory, long maxBytes, long segmentBytes, Clock clock, SpoolRecovery.State state) {
        this.directory = directory;
        this.maxBytes = maxBytes;
        this.segmentBytes = segmentBytes;
        this.clock = clock;
        this.committedPosition = new CommittedPosition(directory);
        this.segments = new ArrayDeque<>(state.segments());
        this.committed = state.committed();
        this.lastSequence = state.lastSequence();
        this.headOffset = state.headOffset();
        this.totalBytes = state.segments().stream().mapToLong(SegmentFile::bytes).sum();
    }

    /**
     * Opens (and recovers) the spool in {@code directory}, creating it if needed.
     *
     * @param directory the spool directory, normally {@code <state-dir>/spool}
     * @param maxBytes the size cap, at least {@link #MIN_MAX_BYTES}
     * @param clock gives {@code createdAt} of appended messages
     * @return the open spool
     * @throws IOException when the directory cannot be read or written
     */
    public static Spool open(Path directory, long maxBytes, Clock clock) throws IOException {
        if (maxBytes < MIN_MAX_BYTES) {
            throw new IllegalArgumentException("spool size cap must be at least " + MIN_MAX_BYTES + " bytes");
        }
        return open(directory, maxBytes, Math.clamp(maxBytes / 16, MIN_SEGMENT_BYTES, MAX_SEGMENT_BYTES), clock);
    }

    /** Opens with an explicit segment size; tests use small ones. */
    static Spool open(Path directory, long maxBytes, long segmentBytes, Clock clock) throws IOException {
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
        }
        SpoolRecovery.State state = SpoolRecovery.recover(directory, new CommittedPosition(directory));
        Spool spool = new Spool(directory, maxBytes, segmentBytes, clock, state);
        spool.lock.lock();
        try {
            spool.enforceCap();
        } finally {
            spool.lock.unlock();
        }
        LOG.log(Level.INFO, Event.of("spool.opened", "dir", directory, "pending", spool.pendingCount(),
                "last-sequence", spool.lastSequence, "bytes", spool.totalBytes));
        return spool;
    }

    /**
     * Sets what to call after each successful append (the sender's wake-up).
     *
     * @param listener called outside the spool's lock, on the appending thread
     */
    public void onAppend(Runnable listener) {
        this.appendListener = listener;
    }

    /**
     * Appends a message durably: when this returns, the message survives a crash.
     *
     * @param type the message's type
     * @param payload its body, of {@link MessageType#payloadType()}
     * @return the envelope as written, with its id and sequence
     * @throws IOException when the message cannot be written; the spool is then unchanged
     * @throws IllegalArgumentException when the payload's type is wrong or the message is larger
     *     than {@link #MAX_MESSAGE_BYTES}
     */
    public Envelope append(MessageType type, Object payload) throws IOException {
        if (!type.payloadType().isInstance(payload)) {
            throw new IllegalArgumentException("a " + type.wireName() + " message needs a "
                    + type.payloadType().getSimpleName() + " payload");
        }
        Envelope envelope;
        lock.lock();
        try {
            ensureOpen();
            envelope = new Envelope(UUID.randomUUID(), lastSequence + 1, type.wireName(), clock.instant(), payload);
            byte[] json = Json.mapper().writeValueAsBytes(envelope);
            if (json.length > MAX_MESSAGE_BYTES) {
                throw new IllegalArgumentException("message of " + json.length + " bytes is larger than the "
                        + MAX_MESSAGE_BYTES + " a batch can carry");
            }
            byte[] line = new byte[json.length + 1];
            System.arraycopy(json, 0, line, 0, json.length);
            line[json.length] = '\n';
            SegmentFile active = segments.peekLast();
            if (active == null || (!active.isEmpty() && active.bytes() + line.length > segmentBytes)) {
                if (active != null) {
                    active.closeWriter();
                }
                active = SegmentFile.create(directory, envelope.sequence());
                segments.addLast(active);
            }
            active.append(line, envelope.sequence());
            lastSequence = envelope.sequence();
            totalBytes += line.length;
            enforceCap();
        } finally {
            lock.unlock();
        }
        appendListener.run();
        return envelope;
    }

    /**
     * Reads the oldest unacknowledged messages without removing them.
     *
     * @param maxMessages the most messages to return
     * @param maxBytes the most bytes of JSON, counting each message plus one byte; the first
     *     message is returned whatever its size
     * @return the messages in sequence order; empty when everything is acknowledged. Their
     *     payloads are generic JSON trees (maps and lists)
     * @throws IOException when a segment cannot be read
     */
    public List<Envelope> peek(int maxMessages, long maxBytes) throws IOException {
        lock.lock();
        try {
            ensureOpen();
            List<Envelope> messages = new ArrayList<>();
            long used = 0;
            long offset = headOffset;
            for (SegmentFile segment : segments) {
                try (LineReader reader = segment.read(offset, MAX_MESSAGE_BYTES)) {
                    for (LineReader.Line line = reader.next(); line != null; line = reader.next()) {
                        long size = line.length(reader.position());
                        if (messages.size() >= maxMessages || (!messages.isEmpty() && used + size > maxBytes)) {
                            return messages;
                        }
                        messages.add(Json.mapper().readValue(line.content(), Envelope.class));
                        used += size;
                    }
                }
                offset = 0;
            }
            return messages;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Records that the control plane has answered for every message up to {@code sequence}: makes
     * that durable, then deletes the segments left without unacknowledged messages.
     *
     * @param sequence the sequence of the last message covered by a receipt
     * @throws IOException when the committed position cannot be written; nothing changed then
     * @throws IllegalArgumentException when {@code sequence} was never appended
     */
    public void acknowledge(long sequence) throws IOException {
        lock.lock();
        try {
            ensureOpen();
            if (sequence > lastSequence) {
                throw new IllegalArgumentException("sequence " + sequence + " was never appended (last is "
                        + lastSequence + ")");
            }
            if (sequence <= committed) {
                return;
            }
            committedPosition.write(sequence);
            committed = sequence;
            while (!segments.isEmpty() && segments.peekFirst().lastSequence() <= sequence) {
                SegmentFile done = segments.removeFirst();
                done.delete();
                totalBytes -= done.bytes();
                headOffset = 0;
            }
            if (!segments.isEmpty()) {
                headOffset = segments.peekFirst().offsetOfFirstAfter(headOffset, sequence);
            }
        } finally {
            lock.unlock();
        }
    }

    /** @return how many appended messages wait for acknowledgement */
    public long pendingCount() {
        lock.lock();
        try {
            SegmentFile head = segments.peekFirst();
            return head == null ? 0 : lastSequence - Math.max(committed, head.firstSequence() - 1);
        } finally {
            lock.unlock();
        }
    }

    /** @return the sequence of the newest message ever appended, 0 for a new spool */
    public long lastSequence() {
        lock.lock();
        try {
            return lastSequence;
        } finally {
            lock.unlock();
        }
    }

    /** @return how many unacknowledged messages the size cap has dropped since this spool was opened */
    public long droppedMessages() {
        lock.lock();
        try {
            return droppedMessages;
        } finally {
            lock.unlock();
        }
    }

    /** Closes the active segment; every appended message is already on disk. */
    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            if (!closed) {
                closed = true;
                SegmentFile active = segments.peekLast();
                if (active != null) {
                    active.closeWriter();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("spool " + directory + " is closed");
        }
    }

    /** Drops the oldest segments while the spool is over its cap; never the active segment. */
    private void enforceCap() throws IOException {
        while (totalBytes > maxBytes && segments.size() > 1) {
            SegmentFile oldest = segments.removeFirst();
            long lost = oldest.lastSequence() - Math.max(committed, oldest.firstSequence() - 1);
            oldest.delete();
            totalBytes -= oldest.bytes();
            droppedMessages += lost;
            headOffset = 0;
            LOG.log(Level.WARNING, Event.of("spool.overflow", "segment", oldest.name(), "lost-messages", lost,
                    "spool-bytes", totalBytes, "max-bytes", maxBytes));
        }
    }
}
