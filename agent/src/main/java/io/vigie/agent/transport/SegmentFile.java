package io.vigie.agent.transport;

import io.vigie.agent.io.DurableFiles;
import io.vigie.protocol.Envelope;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * One segment of the spool: a file of newline-delimited envelopes named after the sequence of its
 * first message ({@code segment-<20 digits>.ndjson}), and what the spool knows of it.
 *
 * <p>Invariants: {@code bytes} is the length of the file's valid content, every line of which is
 * a complete envelope; {@code lastSequence} is the sequence of its last line. Only the spool,
 * under its lock, touches a segment. Appends go through a {@link RandomAccessFile} (not an
 * interruptible channel) and are fsync'd before {@link #append} returns.
 */
final class SegmentFile {

    private static final String PREFIX = "segment-";
    private static final String SUFFIX = ".ndjson";

    private final Path path;
    private final long firstSequence;
    private long lastSequence;
    private long bytes;
    private RandomAccessFile writer;

    SegmentFile(Path path, long firstSequence, long lastSequence, long bytes) {
        this.path = path;
        this.firstSequence = firstSequence;
        this.lastSequence = lastSequence;
        this.bytes = bytes;
    }

    /** Creates an empty segment whose first message will have {@code firstSequence}, durably. */
    static SegmentFile create(Path directory, long firstSequence) throws IOException {
        Path path = directory.resolve(fileName(firstSequence));
        Files.createFile(path);
        DurableFiles.fsyncDirectory(directory);
        return new SegmentFile(path, firstSequence, firstSequence - 1, 0);
    }

    static String fileName(long firstSequence) {
        return PREFIX + String.format(Locale.ROOT, "%020d", firstSequence) + SUFFIX;
    }

    /** @return the first sequence its name announces, or empty when the file is not a segment */
    static OptionalLong firstSequenceOf(Path file) {
        String name = file.getFileName().toString();
        if (!name.startsWith(PREFIX) || !name.endsWith(SUFFIX)) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(name.substring(PREFIX.length(), name.length() - SUFFIX.length())));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * Appends one line and fsyncs it. On failure the file is cut back to its previous length, so
     * no partial line stays behind, and the segment is unchanged.
     */
    void append(byte[] line, long sequence) throws IOException {
        if (writer == null) {
            writer = new RandomAccessFile(path.toFile(), "rw");
        }
        try {
            writer.seek(bytes);
            writer.write(line);
            writer.getFD().sync();
        } catch (IOException e) {
            try {
                writer.setLength(bytes);
            } catch (IOException cutFailed) {
                e.addSuppressed(cutFailed);
            }
            throw e;
        }
        bytes += line.length;
        lastSequence = sequence;
    }

    /** Opens a reader from {@code offset} to the end of the valid content. */
    LineReader read(long offset, int maxLineBytes) throws IOException {
        return new LineReader(new RandomAccessFile(path.toFile(), "r"), offset, bytes, maxLineBytes);
    }

    /**
     * @param from offset of a line to start looking at
     * @param sequence a sequence number
     * @return offset of the first line from {@code from} whose sequence is greater, or the end
     */
    long offsetOfFirstAfter(long from, long sequence) throws IOException {
        try (LineReader reader = read(from, Spool.MAX_MESSAGE_BYTES)) {
            for (LineReader.Line line = reader.next(); line != null; line = reader.next()) {
                if (Json.mapper().readValue(line.content(), Envelope.class).sequence() > sequence) {
                    return line.start();
                }
            }
            return reader.position();
        }
    }

    void closeWriter() throws IOException {
        if (writer != null) {
            writer.close();
            writer = null;
        }
    }

    void delete() throws IOException {
        closeWriter();
        Files.deleteIfExists(path);
    }

    Path path() {
        return path;
    }

    String name() {
        return path.getFileName().toString();
    }

    long firstSequence() {
        return firstSequence;
    }

    long lastSequence() {
        return lastSequence;
    }

    long bytes() {
        return bytes;
    }

    boolean isEmpty() {
        return bytes == 0;
    }
}
