package io.vigie.server.metrics;

import java.util.Objects;

/**
 * The compressed block of a metric series, in the manner of Facebook's Gorilla (Pelkonen et al.,
 * VLDB 2015): delta-of-delta timestamps and XOR-encoded {@code float64} values. The format, and
 * what a reader refuses, is fixed in {@code docs/metrics-storage.md} ("Block encoding"). Every
 * {@code long} time and every bit pattern of a {@code double} round-trips exactly.
 *
 * <p>A block is untrusted input (it comes from the database): {@link #decode} and {@link #count}
 * throw {@link IllegalArgumentException} on any corrupt or truncated block, and nothing else.
 */
public final class SampleBlock {

    static final int VERSION = 1;

    /** First time and first value, after the version and the count. */
    private static final int HEADER_TAIL_BITS = 64 + 64;
    /** The least a sample after the first takes: '0' for its delta of delta, '0' for its value. */
    private static final int MIN_BITS_PER_SAMPLE = 2;
    private static final int MAX_VARINT_BYTES = 5;
    private static final int FIRST_DELTA_LENGTH_BITS = 6;
    /** Widths of the signed delta-of-delta buckets, after the prefixes 10, 110, 1110, 11110, 11111. */
    private static final int[] BUCKET_WIDTHS = {7, 9, 16, 32, 64};
    private static final int LEADING_ZEROS_BITS = 5;
    private static final int MAX_LEADING_ZEROS = (1 << LEADING_ZEROS_BITS) - 1;
    private static final int MEANINGFUL_BITS = 6;

    private SampleBlock() {
    }

    /** Encodes samples sorted by strictly increasing time. times in epoch milliseconds. */
    public static byte[] encode(long[] times, double[] values, int count) {
        Objects.requireNonNull(times, "times");
        Objects.requireNonNull(values, "values");
        if (count < 1) {
            throw new IllegalArgumentException("a block holds at least 1 sample, count was " + count);
        }
        if (count > times.length || count > values.length) {
            throw new IllegalArgumentException("count " + count + " exceeds the arrays: "
                    + times.length + " times, " + values.length + " values");
        }
        for (int i = 1; i < count; i++) {
            if (times[i] <= times[i - 1]) {
                throw new IllegalArgumentException("times must be strictly increasing: times[" + i + "] = "
                        + times[i] + " after times[" + (i - 1) + "] = " + times[i - 1]);
            }
        }
        BitWriter out = new BitWriter((int) Math.min(1 << 20, 32L + 2L * count));
        out.write(VERSION, 8);
        writeVarint(out, count);
        out.write(times[0], 64);
        long previousBits = Double.doubleToRawLongBits(values[0]);
        out.write(previousBits, 64);

        long previousDelta = 0;
        int windowLeading = -1;
        int windowTrailing = 0;
        for (int i = 1; i < count; i++) {
            long delta = times[i] - times[i - 1];
            if (i == 1) {
                int length = 64 - Long.numberOfLeadingZeros(delta);
                out.write(length - 1, FIRST_DELTA_LENGTH_BITS);
                out.write(delta, length - 1);
            } else {
                writeDeltaOfDelta(out, delta - previousDelta);
            }
            previousDelta = delta;

            long bits = Double.doubleToRawLongBits(values[i]);
            long xor = bits ^ previousBits;
            previousBits = bits;
            if (xor == 0) {
                out.write(0b0, 1);
                continue;
            }
            int leading = Math.min(MAX_LEADING_ZEROS, Long.numberOfLeadingZeros(xor));
            int trailing = Long.numberOfTrailingZeros(xor);
            if (windowLeading >= 0 && leading >= windowLeading && trailing >= windowTrailing) {
                out.write(0b10, 2);
                out.write(xor >>> windowTrailing, 64 - windowLeading - windowTrailing);
            } else {
                int meaningful = 64 - leading - trailing;
                out.write(0b11, 2);
                out.write(leading, LEADING_ZEROS_BITS);
                out.write(meaningful - 1, MEANINGFUL_BITS);
                out.write(xor >>> trailing, meaningful);
                windowLeading = leading;
                windowTrailing = trailing;
            }
        }
        return out.toByteArray();
    }

    /** Number of samples in an encoded block, read from its header without decoding. */
    public static int count(byte[] block) {
        return readHeader(new BitReader(Objects.requireNonNull(block, "block")));
    }

    /** Decodes a block fully. */
    public static Decoded decode(byte[] block) {
        BitReader in = new BitReader(Objects.requireNonNull(block, "block"));
        int count = readHeader(in);
        long time = in.read(64);
        long bits = in.read(64);
        if (count - 1 > in.remaining() / MIN_BITS_PER_SAMPLE) {
            throw new IllegalArgumentException("corrupt block: " + count + " samples announced but only "
                    + in.remaining() + " bits follow the header");
        }
        long[] times = new long[count];
        double[] values = new double[count];
        times[0] = time;
        values[0] = Double.longBitsToDouble(bits);

        long delta = 0;
        int windowLeading = -1;
        int windowTrailing = 0;
        for (int i = 1; i < count; i++) {
            if (i == 1) {
                int length = (int) in.read(FIRST_DELTA_LENGTH_BITS) + 1;
                delta = (1L << (length - 1)) | in.read(length - 1);
            } else {
                delta += readDeltaOfDelta(in);
            }
            long next = time + delta;
            if (next <= time) {
                throw new IllegalArgumentException("corrupt block: time of sample " + i + " (" + next
                        + ") is not after the previous one (" + time + ")");
            }
            time = next;
            times[i] = time;

            if (in.readBit()) {
                if (!in.readBit()) {
                    if (windowLeading < 0) {
                        throw new IllegalArgumentException("corrupt block: value of sample " + i
                                + " reuses a window before any was set");
                    }
                    bits ^= in.read(64 - windowLeading - windowTrailing) << windowTrailing;
                } else {
                    int leading = (int) in.read(LEADING_ZEROS_BITS);
                    int meaningful = (int) in.read(MEANINGFUL_BITS) + 1;
                    if (leading + meaningful > 64) {
                        throw new IllegalArgumentException("corrupt block: value of sample " + i + " has "
                                + leading + " leading zeros and " + meaningful + " meaningful bits");
                    }
                    windowLeading = leading;
                    windowTrailing = 64 - leading - meaningful;
                    bits ^= in.read(meaningful) << windowTrailing;
                }
            }
            values[i] = Double.longBitsToDouble(bits);
        }
        long left = in.remaining();
        if (left >= 8 || in.read((int) left) != 0) {
            throw new IllegalArgumentException("corrupt block: " + left + " bits after the last sample, "
                    + "where at most 7 zero bits of padding may follow");
        }
        return new Decoded(times, values);
    }

    /**
     * A decoded block: {@code times[i]} and {@code values[i]} are the i-th sample, times strictly
     * increasing.
     */
    public record Decoded(long[] times, double[] values) {
    }

    /** Reads the version and the count, and checks that the rest of the header is there. */
    private static int readHeader(BitReader in) {
        if (in.remaining() < 8) {
            throw new IllegalArgumentException("corrupt block: empty");
        }
        int version = (int) in.read(8);
        if (version != VERSION) {
            throw new IllegalArgumentException("corrupt block: unknown format version " + version
                    + ", expected " + VERSION);
        }
        long count = 0;
        for (int i = 0; ; i++) {
            if (i == MAX_VARINT_BYTES) {
                throw new IllegalArgumentException("corrupt block: sample count longer than "
                        + MAX_VARINT_BYTES + " bytes");
            }
            long octet = in.read(8);
            count |= (octet & 0x7F) << (7 * i);
            if ((octet & 0x80) == 0) {
                break;
            }
        }
        if (count < 1 || count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("corrupt block: sample count " + count + " out of range");
        }
        if (in.remaining() < HEADER_TAIL_BITS) {
            throw new IllegalArgumentException("corrupt block: header truncated");
        }
        return (int) count;
    }

    private static void writeVarint(BitWriter out, int value) {
        int rest = value;
        while (rest >= 0x80) {
            out.write((rest & 0x7F) | 0x80, 8);
            rest >>>= 7;
        }
        out.write(rest, 8);
    }

    /** The shortest bucket holding the value: prefix of k ones, then a 0 unless k is 5. */
    private static void writeDeltaOfDelta(BitWriter out, long deltaOfDelta) {
        if (deltaOfDelta == 0) {
            out.write(0b0, 1);
            return;
        }
        int last = BUCKET_WIDTHS.length - 1;
        for (int bucket = 0; bucket <= last; bucket++) {
            int width = BUCKET_WIDTHS[bucket];
            if (bucket == last || fitsSigned(deltaOfDelta, width)) {
                int ones = bucket + 1;
                long prefix = (1L << ones) - 1;
                if (bucket == last) {
                    out.write(prefix, ones);
                } else {
                    out.write(prefix << 1, ones + 1);
                }
                out.write(deltaOfDelta, width);
                return;
            }
        }
    }

    private static long readDeltaOfDelta(BitReader in) {
        int ones = 0;
        while (ones < BUCKET_WIDTHS.length && in.readBit()) {
            ones++;
        }
        return ones == 0 ? 0 : in.readSigned(BUCKET_WIDTHS[ones - 1]);
    }

    private static boolean fitsSigned(long value, int width) {
        long half = 1L << (width - 1);
        return value >= -half && value < half;
    }
}
