package io.vigie.server.metrics;

/**
 * Reads bits, most significant first, from a byte array that may be corrupt: reading past its end
 * throws {@link IllegalArgumentException}. Not thread-safe.
 */
final class BitReader {

    private final byte[] data;
    private final long limit;
    private long position;

    BitReader(byte[] data) {
        this.data = data;
        this.limit = 8L * data.length;
    }

    /** Reads {@code width} bits (0 to 64) as the low bits of the result, the first read highest. */
    long read(int width) {
        if (width > remaining()) {
            throw new IllegalArgumentException(
                    "corrupt block: truncated, " + width + " bits needed at bit " + position + " of " + limit);
        }
        long value = 0;
        int left = width;
        while (left > 0) {
            int used = (int) (position & 7);
            int take = Math.min(8 - used, left);
            int chunk = (data[(int) (position >>> 3)] >>> (8 - used - take)) & ((1 << take) - 1);
            value = (value << take) | chunk;
            left -= take;
            position += take;
        }
        return value;
    }

    boolean readBit() {
        return read(1) != 0;
    }

    /** Reads a signed two's complement field of {@code width} bits (1 to 64). */
    long readSigned(int width) {
        long raw = read(width);
        return (raw << (64 - width)) >> (64 - width);
    }

    long remaining() {
        return limit - position;
    }
}
