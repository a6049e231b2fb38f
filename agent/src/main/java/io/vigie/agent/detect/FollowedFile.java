package io.vigie.agent.detect;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * One open log file being read line by line, kept open across renames and deletion (so a
 * rotated or deleted file can be read to its end).
 *
 * <p>Invariants: {@code offset} is the next byte to read; the bytes between the last line break
 * and {@code offset} are held in {@code line} (at most {@link #MAX_LINE} of them: the rest of a
 * longer line is skipped, {@code skipping} set, and the line handed over once, cut); a line is
 * handed over only once its line break is read (or the file is left: rotation, truncation,
 * deletion), as bytes without the line break and a final {@code \r} (the {@link Detector}
 * decodes them as UTF-8 only when a rule may match). Not thread-safe.
 */
final class FollowedFile implements AutoCloseable {

    /** The longest line handed over, in bytes. */
    static final int MAX_LINE = 16 * 1024;

    /** The bytes the head hash covers. */
    static final int HEAD = 256;

    /** Receives the lines. */
    interface LineSink {
        /**
         * @param file the followed path
         * @param bytes holds the line; valid only during the call
         * @param from where the line starts in {@code bytes}
         * @param length its length, without the line break
         */
        void line(Path file, byte[] bytes, int from, int length);
    }

    private final Path path;
    private final FileIdentity identity;
    private final FileChannel channel;
    /** Grows from 256 bytes to {@link #MAX_LINE} as longer lines come, so that many quiet files cost little. */
    private byte[] line = new byte[256];
    private int length;
    private boolean skipping;
    private long offset;
    private long cutLines;

    private FollowedFile(Path path, FileIdentity identity, FileChannel channel, long offset, boolean skipping) {
        this.path = path;
        this.identity = identity;
        this.channel = channel;
        this.offset = offset;
        this.skipping = skipping;
    }

    /**
     * Opens a file, checking that the path still names the file of {@code identity}.
     *
     * @param path the path
     * @param identity the identity just read at the path
     * @param offset where to start; past the end means the end
     * @param skipping whether {@code offset} is inside a cut line
     * @return the open file, or {@code null} when it was replaced between the two
     * @throws IOException when it cannot be opened
     */
    static FollowedFile open(Path path, FileIdentity identity, long offset, boolean skipping) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        if (!identity.equals(FileIdentity.of(path))) {
            channel.close();
            return null;
        }
        return new FollowedFile(path, identity, channel, Math.min(offset, channel.size()), skipping);
    }

    FileIdentity identity() {
        return identity;
    }

    /** @return the lines cut at {@link #MAX_LINE} so far */
    long cutLines() {
        return cutLines;
    }

    /** @return whether the file is now shorter than what was read: it was truncated */
    boolean truncated() throws IOException {
        return channel.size() < offset;
    }

    /** After a truncation: hands over the held part of a line and starts again from the first byte. */
    void restart(LineSink sink) {
        flush(sink);
        offset = 0;
    }

    /**
     * Reads what was appended, up to {@code maxBytes}.
     *
     * @param buffer a work buffer
     * @param sink receives the whole lines
     * @param maxBytes the most bytes read in this call
     * @return the bytes read
     * @throws IOException when reading fails
     */
    long read(ByteBuffer buffer, LineSink sink, long maxBytes) throws IOException {
        long total = 0;
        while (total < maxBytes) {
            buffer.clear();
            int n = channel.read(buffer, offset);
            if (n <= 0) {
                break;
            }
            byte[] bytes = buffer.array();
            for (int from = 0; from < n; ) {
                int newline = from;
                while (newline < n && bytes[newline] != '\n') {
                    newline++;
                }
                segment(bytes, from, newline, newline < n, sink);
                from = newline + 1;
            }
            offset += n;
            total += n;
        }
        return total;
    }

    /**
     * Takes the bytes of one line, or of its part in this buffer: a whole short line is handed over
     * straight from the buffer, anything else goes through {@code line}, cut at {@link #MAX_LINE}.
     */
    private void segment(byte[] bytes, int from, int to, boolean complete, LineSink sink) {
        if (skipping) {
            skipping = !complete;
            return;
        }
        int count = to - from;
        if (complete && length == 0 && count <= MAX_LINE) {
            emit(sink, bytes, from, count);
            return;
        }
        int take = Math.min(MAX_LINE - length, count);
        if (length + take > line.length) {
            line = Arrays.copyOf(line, Math.max(length + take, Math.min(MAX_LINE, line.length * 2)));
        }
        System.arraycopy(bytes, from, line, length, take);
        length += take;
        if (count > take) {
            emit(sink, line, 0, length);
            cutLines++;
            length = 0;
            skipping = !complete;
        } else if (complete) {
            emit(sink, line, 0, length);
            length = 0;
        }
    }

    /** Hands over the part of a line held without its line break, if any (the file is being left). */
    void flush(LineSink sink) {
        if (length > 0 && !skipping) {
            emit(sink, line, 0, length);
        }
        length = 0;
        skipping = false;
    }

    /** @return the position to save: after the last whole line (or inside a cut line, skipping) */
    Position position() throws IOException {
        ByteBuffer head = ByteBuffer.allocate(HEAD);
        long hash = hashHead(head);
        return new Position(path.toString(), identity.device(), identity.inode(),
                skipping ? offset : offset - length, skipping, head.position(), hash);
    }

    /**
     * @param saved a saved position of this path
     * @return whether it is a position in this very file: same identity, and the same first bytes
     */
    boolean continues(Position saved) throws IOException {
        if (saved.device() != identity.device() || saved.inode() != identity.inode() || channel.size() < saved.offset()) {
            return false;
        }
        ByteBuffer head = ByteBuffer.allocate(saved.headLength());
        long hash = hashHead(head);
        return head.position() == saved.headLength() && hash == saved.headHash();
    }

    /** Fills {@code head} with the file's first bytes (fewer in a smaller file) and hashes them. */
    private long hashHead(ByteBuffer head) throws IOException {
        while (head.hasRemaining() && channel.read(head, head.position()) > 0) {
            // reads until the buffer is full or the file ends
        }
        CRC32C crc = new CRC32C();
        crc.update(head.array(), 0, head.position());
        return crc.getValue();
    }

    private void emit(LineSink sink, byte[] bytes, int from, int count) {
        int end = count > 0 && bytes[from + count - 1] == '\r' ? count - 1 : count;
        sink.line(path, bytes, from, end);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
