package io.vigie.server.metrics;

import java.util.Objects;

/**
 * The compressed block of the rollup buckets of a series over one period (docs/metrics-storage.md,
 * "Rollup blocks"): the bucket times, then one column per field of
 * {@link Aggregate} (count, min, max, sum, last, and last time as an offset from its bucket),
 * encoded like the values of a {@link SampleBlock}, so that decimal values, their sums and regular
 * counts take a few bits a bucket. Every field round-trips exactly.
 *
 * <p>A block is untrusted input: {@link #decode} throws {@link IllegalArgumentException} on any
 * corrupt or truncated block, and nothing else.
 */
final class RollupBlock {

    static final int VERSION = 1;

    /** The least a bucket after the first takes: one bit in each of its seven columns. */
    private static final int MIN_BITS_PER_BUCKET = 7;

    private RollupBlock() {
    }

    /**
     * A decoded block: {@code aggregates[i]} is the bucket that starts at {@code buckets[i]}.
     *
     * @param buckets bucket starts, epoch milliseconds, strictly increasing
     * @param aggregates their aggregates
     */
    record Decoded(long[] buckets, Aggregate[] aggregates) {
    }

    /**
     * @param buckets bucket starts, strictly increasing, epoch milliseconds
     * @param aggregates the aggregate of each bucket (a count of 1 to 2^53)
     * @return the block of the first {@code count} buckets
     */
    static byte[] encode(long[] buckets, Aggregate[] aggregates, int count) {
        Objects.requireNonNull(buckets, "buckets");
        Objects.requireNonNull(aggregates, "aggregates");
        if (count < 1 || count > buckets.length || count > aggregates.length) {
            throw new IllegalArgumentException("count " + count + " out of range for " + buckets.length
                    + " buckets and " + aggregates.length + " aggregates");
        }
        BlockColumns.checkIncreasing(buckets, count);
        long[] counts = new long[count];
        long[] lastOffsets = new long[count];
        double[] min = new double[count];
        double[] max = new double[count];
        double[] sum = new double[count];
        double[] last = new double[count];
        for (int i = 0; i < count; i++) {
            Aggregate a = aggregates[i];
            if (a.count() < 1) {
                throw new IllegalArgumentException("bucket " + buckets[i] + " has a count of " + a.count());
            }
            counts[i] = a.count();
            lastOffsets[i] = a.lastAt() - buckets[i];
            min[i] = a.min();
            max[i] = a.max();
            sum[i] = a.sum();
            last[i] = a.last();
        }
        BitWriter out = new BitWriter(64 + 8 * count);
        out.write(VERSION, 8);
        BlockColumns.writeCount(out, count);
        BlockColumns.writeTimeColumn(out, buckets, count);
        BlockColumns.writeIntegers(out, counts, count);
        BlockColumns.writeValues(out, min, count);
        BlockColumns.writeValues(out, max, count);
        BlockColumns.writeValues(out, sum, count);
        BlockColumns.writeValues(out, last, count);
        BlockColumns.writeIntegers(out, lastOffsets, count);
        return out.toByteArray();
    }

    static Decoded decode(byte[] block) {
        BitReader in = new BitReader(Objects.requireNonNull(block, "block"));
        if (in.remaining() < 8) {
            throw new IllegalArgumentException("corrupt block: empty");
        }
        int version = (int) in.read(8);
        if (version != VERSION) {
            throw new IllegalArgumentException("corrupt block: unknown rollup format version " + version
                    + ", expected " + VERSION);
        }
        int count = BlockColumns.readCount(in);
        BlockColumns.checkRoom(in, count, MIN_BITS_PER_BUCKET);
        long[] buckets = BlockColumns.readTimeColumn(in, count);
        long[] counts = BlockColumns.readIntegers(in, count);
        double[] min = BlockColumns.readValues(in, count);
        double[] max = BlockColumns.readValues(in, count);
        double[] sum = BlockColumns.readValues(in, count);
        double[] last = BlockColumns.readValues(in, count);
        long[] lastOffsets = BlockColumns.readIntegers(in, count);
        BlockColumns.checkPadding(in);
        Aggregate[] aggregates = new Aggregate[count];
        for (int i = 0; i < count; i++) {
            if (counts[i] < 1) {
                throw new IllegalArgumentException("corrupt block: bucket " + i + " has a count of " + counts[i]);
            }
            aggregates[i] = new Aggregate(min[i], max[i], sum[i], counts[i], last[i], buckets[i] + lastOffsets[i]);
        }
        return new Decoded(buckets, aggregates);
    }
}
