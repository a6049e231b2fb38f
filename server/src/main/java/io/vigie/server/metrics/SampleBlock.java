package io.vigie.server.metrics;

import java.util.Objects;

/**
 * The compressed block of a metric series (docs/metrics-storage.md, "Block encoding"). Version 2,
 * the one written: the times as Rice-coded deltas of delta, then the values as Rice-coded integer
 * deltas (or deltas of delta) when they are all decimals of at most
 * {@value BlockColumns#MAX_SCALE} digits (counters, hundredths, pages), else XOR-encoded in the manner of Facebook's Gorilla (Pelkonen et al., VLDB 2015).
 * Version 1, still read: Gorilla's times and XOR values interleaved. Every {@code long} time and
 * every bit pattern of a {@code double} round-trips exactly.
 *
 * <p>A block is untrusted input (it comes from the database): {@link #decode} and {@link #count}
 * throw {@link IllegalArgumentException} on any corrupt or truncated block, and nothing else.
 */
public final class SampleBlock {

    /** The version written. */
    static final int VERSION = 2;
    /** Gorilla's interleaved times and XOR values, written before version 2 and still read. */
    static final int VERSION_GORILLA = 1;

    /** The least a sample after the first takes: '0' for its time, '0' for its value. */
    private static final int MIN_BITS_PER_SAMPLE = 2;

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
        BlockColumns.checkIncreasing(times, count);
        BitWriter out = new BitWriter((int) Math.min(1 << 20, 32L + 2L * count));
        out.write(VERSION, 8);
        BlockColumns.writeCount(out, count);
        BlockColumns.writeTimeColumn(out, times, count);
        BlockColumns.writeValues(out, values, count);
        return out.toByteArray();
    }

    /** Number of samples in an encoded block, read from its header without decoding. */
    public static int count(byte[] block) {
        BitReader in = new BitReader(Objects.requireNonNull(block, "block"));
        return readHeader(in, readVersion(in));
    }

    /** Decodes a block fully. */
    public static Decoded decode(byte[] block) {
        BitReader in = new BitReader(Objects.requireNonNull(block, "block"));
        int version = readVersion(in);
        int count = readHeader(in, version);
        Decoded decoded;
        if (version == VERSION_GORILLA) {
            decoded = decodeGorilla(in, count);
        } else {
            BlockColumns.checkRoom(in, count, MIN_BITS_PER_SAMPLE);
            long[] times = BlockColumns.readTimeColumn(in, count);
            decoded = new Decoded(times, BlockColumns.readValues(in, count));
        }
        BlockColumns.checkPadding(in);
        return decoded;
    }

    /** Version 1: after the first time and value, each sample's time field then its value field. */
    private static Decoded decodeGorilla(BitReader in, int count) {
        BlockColumns.TimeReader time = new BlockColumns.TimeReader(in.read(64));
        BlockColumns.XorReader value = new BlockColumns.XorReader(in.read(64));
        BlockColumns.checkRoom(in, count, MIN_BITS_PER_SAMPLE);
        long[] times = new long[count];
        double[] values = new double[count];
        times[0] = time.time();
        values[0] = value.value();
        for (int i = 1; i < count; i++) {
            times[i] = time.next(in, i);
            values[i] = value.next(in, i);
        }
        return new Decoded(times, values);
    }

    /**
     * A decoded block: {@code times[i]} and {@code values[i]} are the i-th sample, times strictly
     * increasing.
     */
    public record Decoded(long[] times, double[] values) {
    }

    private static int readVersion(BitReader in) {
        if (in.remaining() < 8) {
            throw new IllegalArgumentException("corrupt block: empty");
        }
        int version = (int) in.read(8);
        if (version != VERSION && version != VERSION_GORILLA) {
            throw new IllegalArgumentException("corrupt block: unknown format version " + version
                    + ", expected " + VERSION_GORILLA + " or " + VERSION);
        }
        return version;
    }

    /** Reads the count and, in version 1, checks that the rest of the header (first time and value) is there. */
    private static int readHeader(BitReader in, int version) {
        int count = BlockColumns.readCount(in);
        if (version == VERSION_GORILLA && in.remaining() < 128) {
            throw new IllegalArgumentException("corrupt block: header truncated");
        }
        return count;
    }
}
