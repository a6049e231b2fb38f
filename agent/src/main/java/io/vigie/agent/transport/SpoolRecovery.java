package io.vigie.agent.transport;

import io.vigie.agent.log.Event;
import io.vigie.protocol.Envelope;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;

/**
 * Opens a spool directory after a clean stop or a crash and rebuilds the spool's state from its
 * files, as {@code docs/agent-spool.md} ("Crash recovery") describes: torn or corrupt tails are
 * truncated and logged, segments that are empty or entirely acknowledged are deleted, and the
 * sequence numbering continues after the greatest sequence ever used.
 */
final class SpoolRecovery {

    private static final System.Logger LOG = System.getLogger(Spool.class.getName());

    /**
     * The state found on disk.
     *
     * @param segments the segments holding unacknowledged messages, oldest first
     * @param committed the last acknowledged sequence
     * @param lastSequence the greatest sequence ever used (0 for a new spool)
     * @param headOffset offset of the first unacknowledged line in the first segment
     */
    record State(List<SegmentFile> segments, long committed, long lastSequence, long headOffset) {
    }

    /** What one segment holds after its scan. */
    private record Scan(long lastSequence, long validBytes, long firstPendingOffset) {
    }

    private SpoolRecovery() {
    }

    static State recover(Path directory, CommittedPosition committedPosition) throws IOException {
        long committed = committedPosition.read();
        List<Path> files;
        try (Stream<Path> listing = Files.list(directory)) {
            files = listing.filter(p -> SegmentFile.firstSequenceOf(p).isPresent())
                    .sorted(Comparator.comparingLong(p -> SegmentFile.firstSequenceOf(p).orElseThrow()))
                    .toList();
        }
        List<SegmentFile> segments = new ArrayList<>();
        long lastSequence = 0;
        long headOffset = 0;
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            long first = SegmentFile.firstSequenceOf(file).orElseThrow();
            Scan scan = scan(file, lastSequence, committed, i == files.size() - 1);
            if (scan.validBytes() == 0 || scan.lastSequence() <= committed) {
                Files.delete(file);
                lastSequence = Math.max(lastSequence, scan.lastSequence());
                continue;
            }
            if (segments.isEmpty()) {
                headOffset = scan.firstPendingOffset();
            }
            segments.add(new SegmentFile(file, first, scan.lastSequence(), scan.validBytes()));
            lastSequence = scan.lastSequence();
        }
        return new State(segments, committed, Math.max(lastSequence, committed), headOffset);
    }

    /**
     * Reads a segment; cuts it at its first invalid line.
     *
     * @param previousSequence sequence of the last valid message before this segment
     * @param last whether this is the newest segment, where a torn write is expected after a crash
     */
    private static Scan scan(Path file, long previousSequence, long committed, boolean last) throws IOException {
        long sequence = previousSequence;
        long firstPendingOffset = -1;
        long size = Files.size(file);
        try (LineReader reader = new LineReader(new RandomAccessFile(file.toFile(), "r"), 0, size,
                Spool.MAX_MESSAGE_BYTES)) {
            for (LineReader.Line line = reader.next(); line != null; line = reader.next()) {
                OptionalLong lineSequence = validSequence(line, sequence);
                if (lineSequence.isEmpty()) {
                    cut(file, line.start(), size, last);
                    return new Scan(sequence, line.start(), firstPending(firstPendingOffset, line.start()));
                }
                sequence = lineSequence.getAsLong();
                if (firstPendingOffset < 0 && sequence > committed) {
                    firstPendingOffset = line.start();
                }
            }
        }
        return new Scan(sequence, size, firstPending(firstPendingOffset, size));
    }

    private static long firstPending(long found, long end) {
        return found < 0 ? end : found;
    }

    /** @return the line's sequence when it is a complete envelope following {@code previous} */
    private static OptionalLong validSequence(LineReader.Line line, long previous) {
        if (!line.terminated() || line.tooLong()) {
            return OptionalLong.empty();
        }
        try {
            Envelope envelope = Json.mapper().readValue(line.content(), Envelope.class);
            boolean complete = envelope != null && envelope.id() != null && envelope.type() != null
                    && envelope.createdAt() != null && envelope.sequence() > previous;
            return complete ? OptionalLong.of(envelope.sequence()) : OptionalLong.empty();
        } catch (JacksonException e) {
            return OptionalLong.empty();
        }
    }

    private static void cut(Path file, long at, long size, boolean last) throws IOException {
        try (RandomAccessFile writable = new RandomAccessFile(file.toFile(), "rw")) {
            writable.setLength(at);
            writable.getFD().sync();
        }
        if (last) {
            LOG.log(Level.WARNING, Event.of("spool.truncated", "segment", file.getFileName(), "offset", at,
                    "bytes-dropped", size - at, "cause", "torn write from an interrupted append"));
        } else {
            LOG.log(Level.ERROR, Event.of("spool.corrupt", "segment", file.getFileName(), "offset", at,
                    "bytes-dropped", size - at, "cause", "invalid line inside an older segment"));
        }
    }
}
