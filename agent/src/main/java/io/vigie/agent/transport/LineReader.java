package io.vigie.agent.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;

/**
 * Reads newline-ended lines from a segment file, from a given offset up to a given end, and says
 * where each line starts. Not thread-safe; one reader per read.
 *
 * <p>A line longer than the limit is reported as {@link Line#tooLong()} without being kept in
 * memory, so a damaged file (for example megabytes of zeros without a newline) cannot exhaust
 * the heap.
 */
final class LineReader implements AutoCloseable {

    /**
     * One line of a segment.
     *
     * @param start offset of its first byte in the file
     * @param content its bytes without the newline, or {@code null} when it was too long
     * @param terminated whether a newline ended it (the last line of a torn write has none)
     */
    record Line(long start, byte[] content, boolean terminated) {

        /** @return the line's length in the file, newline included */
        long length(long next) {
            return next - start;
        }

        /** @return whether the line passed the length limit */
        boolean tooLong() {
            return content == null;
        }
    }

    private static final int BUFFER_BYTES = 64 * 1024;

    private final RandomAccessFile file;
    private final long end;
    private final int maxLineBytes;
    private final byte[] buffer = new byte[BUFFER_BYTES];
    private int bufferLength;
    private int bufferPosition;
    private long position;

    /**
     * @param file the file, open for reading
     * @param offset where to start
     * @param end where to stop (the file's length as the spool knows it)
     * @param maxLineBytes the longest acceptable line, newline excluded
     */
    LineReader(RandomAccessFile file, long offset, long end, int maxLineBytes) throws IOException {
        this.file = file;
        this.end = end;
        this.maxLineBytes = maxLineBytes;
        this.position = offset;
        file.seek(offset);
    }

    /** @return the offset just after the last line returned */
    long position() {
        return position;
    }

    /**
     * @return the next line, or {@code null} at the end
     * @throws IOException when the file cannot be read
     */
    Line next() throws IOException {
        long start = position;
        ByteArrayOutputStream content = new ByteArrayOutputStream(256);
        boolean tooLong = false;
        while (true) {
            if (bufferPosition == bufferLength && !fill()) {
                return position == start ? null : new Line(start, tooLong ? null : content.toByteArray(), false);
            }
            int newline = indexOfNewline();
            int stop = newline < 0 ? bufferLength : newline;
            int count = stop - bufferPosition;
            if (!tooLong && content.size() + count <= maxLineBytes) {
                content.write(buffer, bufferPosition, count);
            } else {
                tooLong = true;
            }
            position += count;
            bufferPosition = stop;
            if (newline >= 0) {
                bufferPosition++;
                position++;
                return new Line(start, tooLong ? null : content.toByteArray(), true);
            }
        }
    }

    private int indexOfNewline() {
        for (int i = bufferPosition; i < bufferLength; i++) {
            if (buffer[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private boolean fill() throws IOException {
        long remaining = end - position;
        if (remaining <= 0) {
            return false;
        }
        int read = file.read(buffer, 0, (int) Math.min(buffer.length, remaining));
        if (read <= 0) {
            return false;
        }
        bufferLength = read;
        bufferPosition = 0;
        return true;
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
