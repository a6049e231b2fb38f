package io.vigie.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The rollup block of docs/metrics-storage.md ("Rollup blocks"): round trips, size, hostile input. */
class RollupBlockTest {

    private static final long DAY = 1_780_012_800_000L;
    private static final long FIVE_MINUTES = 300_000;
    private static final int DAY_OF_BUCKETS = 288;

    @Test
    void aggregatesOfDecimalSamplesRoundTripExactly() {
        long[] buckets = new long[DAY_OF_BUCKETS];
        Aggregate[] aggregates = new Aggregate[DAY_OF_BUCKETS];
        Random random = new Random(1);
        long cpu = 12_345_678;
        for (int b = 0; b < DAY_OF_BUCKETS; b++) {
            buckets[b] = DAY + b * FIVE_MINUTES;
            for (int s = 0; s < 10; s++) {
                cpu += 150 + random.nextInt(20);
                aggregates[b] = Aggregate.combine(aggregates[b], Aggregate.of(buckets[b] + s * 30_000L + random.nextInt(3),
                        cpu / 100.0));
            }
        }

        byte[] block = RollupBlock.encode(buckets, aggregates, DAY_OF_BUCKETS);
        RollupBlock.Decoded decoded = RollupBlock.decode(block);

        assertThat(decoded.buckets()).containsExactly(buckets);
        assertThat(decoded.aggregates()).containsExactly(aggregates);
        assertThat(block.length).as("a day of 5-minute buckets of a CPU counter, in bytes").isLessThan(1_400);
    }

    @Test
    void anyAggregateRoundTripsBitForBit() {
        Random random = new Random(2);
        for (int round = 0; round < 50; round++) {
            int count = random.nextInt(1, 300);
            long[] buckets = new long[count];
            Aggregate[] aggregates = new Aggregate[count];
            long bucket = random.nextLong(-1L << 50, 1L << 50);
            for (int i = 0; i < count; i++) {
                bucket += FIVE_MINUTES * random.nextInt(1, 4);
                buckets[i] = bucket;
                aggregates[i] = new Aggregate(anyDouble(random), anyDouble(random), anyDouble(random),
                        random.nextLong(1, 1L << 53), anyDouble(random), bucket + random.nextLong(-1L << 40, 1L << 40));
            }

            RollupBlock.Decoded decoded = RollupBlock.decode(RollupBlock.encode(buckets, aggregates, count));

            assertThat(decoded.buckets()).containsExactly(buckets);
            for (int i = 0; i < count; i++) {
                assertThat(bits(decoded.aggregates()[i])).isEqualTo(bits(aggregates[i]));
            }
        }
    }

    @Test
    void encodeRefusesInvalidArguments() {
        Aggregate one = Aggregate.of(DAY, 1);
        assertThatThrownBy(() -> RollupBlock.encode(new long[] {DAY}, new Aggregate[] {one}, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("out of range");
        assertThatThrownBy(() -> RollupBlock.encode(new long[] {DAY, DAY}, new Aggregate[] {one, one}, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("strictly increasing");
        assertThatThrownBy(() -> RollupBlock.encode(new long[] {DAY}, new Aggregate[] {new Aggregate(1, 1, 1, 0, 1, DAY)},
                1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("count of 0");
    }

    @Test
    void corruptBlocksAreRefused() {
        byte[] block = sample();
        for (int length = 0; length < block.length; length++) {
            byte[] truncated = Arrays.copyOf(block, length);
            assertThatThrownBy(() -> RollupBlock.decode(truncated)).as("truncated to %d bytes", length)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("corrupt block");
        }
        byte[] otherVersion = block.clone();
        otherVersion[0] = 2;
        assertThatThrownBy(() -> RollupBlock.decode(otherVersion)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rollup format version 2");
        for (int bit = 0; bit < 8 * block.length; bit++) {
            byte[] damaged = block.clone();
            damaged[bit / 8] ^= (byte) (0x80 >>> (bit % 8));
            try {
                RollupBlock.Decoded decoded = RollupBlock.decode(damaged);
                assertThat(decoded.buckets()).isSorted().doesNotHaveDuplicates();
                assertThat(decoded.aggregates()).allSatisfy(a -> assertThat(a.count()).isPositive());
            } catch (IllegalArgumentException refused) {
                assertThat(refused).hasMessageContaining("corrupt block");
            }
        }
    }

    private static byte[] sample() {
        Random random = new Random(3);
        long[] buckets = new long[40];
        Aggregate[] aggregates = new Aggregate[40];
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = DAY + i * FIVE_MINUTES;
            double min = random.nextInt(1000) / 100.0;
            aggregates[i] = new Aggregate(min, min + 1, 10 * min + 5, 10, min + 0.5, buckets[i] + 270_000);
        }
        return RollupBlock.encode(buckets, aggregates, buckets.length);
    }

    private static double anyDouble(Random random) {
        return switch (random.nextInt(3)) {
            case 0 -> Double.longBitsToDouble(random.nextLong());
            case 1 -> random.nextInt(100_000) / 100.0;
            default -> random.nextGaussian();
        };
    }

    private static long[] bits(Aggregate a) {
        return new long[] {Double.doubleToRawLongBits(a.min()), Double.doubleToRawLongBits(a.max()),
            Double.doubleToRawLongBits(a.sum()), a.count(), Double.doubleToRawLongBits(a.last()), a.lastAt()};
    }
}
