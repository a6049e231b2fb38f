package io.vigie.agent.metrics.db;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the fields both wire protocols are made of, checking every length against what was
 * received: a malformed message throws {@link BufferUnderflowException}, never allocates what a
 * length field claims.
 */
final class Buffers {

    private Buffers() {
    }

    /**
     * @param buffer a message
     * @param count how many bytes to take
     * @return the next {@code count} bytes
     * @throws BufferUnderflowException when the message holds fewer (or the count is negative)
     */
    static byte[] bytes(ByteBuffer buffer, long count) {
        if (count < 0 || count > buffer.remaining()) {
            throw new BufferUnderflowException();
        }
        byte[] bytes = new byte[(int) count];
        buffer.get(bytes);
        return bytes;
    }

    /**
     * @param buffer a message
     * @return the UTF-8 string up to the next NUL (skipped) or the end of the message
     */
    static String cString(ByteBuffer buffer) {
        int start = buffer.position();
        int end = start;
        while (end < buffer.limit() && buffer.get(end) != 0) {
            end++;
        }
        String text = new String(buffer.array(), buffer.arrayOffset() + start, end - start, StandardCharsets.UTF_8);
        buffer.position(Math.min(buffer.limit(), end + 1));
        return text;
    }

    /**
     * @param text a string
     * @return its UTF-8 bytes followed by a NUL
     */
    static byte[] cString(String text) {
        return concat(text.getBytes(StandardCharsets.UTF_8), new byte[1]);
    }

    /**
     * @param a some bytes
     * @param b more bytes
     * @return {@code a} then {@code b}, in a new array
     */
    static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
