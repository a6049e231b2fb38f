package io.vigie.server.metrics;

import java.util.Arrays;

/** Appends bits, most significant first, to a growing byte buffer. Not thread-safe. */
final class BitWriter {

    private static final int MAX_BYTES = Integer.MAX_VALUE - 8;

    private byte[] buffer;
    private long bitCount;

    BitWriter(int initialBytes) {
        buffer = new byte[Math.max(16, initialBytes)];
    }

    /** Writes the low {@code width} bits of {@code value}, the highest first; width 0 to 64. */
    void write(long value, int width) {
        ensureRoom(width);
        int left = width;
        while (left > 0) {
            int used = (int) (bitCount & 7);
            int take = Math.min(8 - used, left);
            int chunk = (int) (value >>> (left - take)) & ((1 << take) - 1);
            buffer[(int) (bitCount >>> 3)] |= (byte) (chunk << (8 - used - take));
            left -= take;
            bitCount += take;
        }
    }

    void writeBit(boolean bit) {
        write(bit ? 1 : 0, 1);
    }

    /** The bits written so far, the last byte padded with 0 bits. */
    byte[] toByteArray() {
        return Arrays.copyOf(buffer, (int) ((bitCount + 7) >>> 3));
    }

    private void ensureRoom(int width) {
        long needed = (bitCount + width + 7) >>> 3;
        if (needed <= buffer.length) {
            return;
        }
        if (needed > MAX_BYTES) {
            throw new IllegalArgumentException("too many samples for one block: over " + MAX_BYTES + " bytes");
        }
        buffer = Arrays.copyOf(buffer, (int) Math.min(MAX_BYTES, Math.max(needed, 2L * buffer.length)));
    }
}
