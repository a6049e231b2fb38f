package io.vigie.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The block codec of docs/metrics-storage.md ("Block encoding"): round trips, size, hostile input,
 * in the format written (version 2) and in Gorilla's (version 1, still read).
 */
class SampleBlockTest {

    private static final long START = 1_780_000_000_000L;
    private static final long INTERVAL = 30_000;
    private static final int DAY_AT_30_S = 2_880;
    /** Version and a one-byte count. */
    private static final int SMALL_HEADER_BYTES = 1 + 1;
    /** Column of integers: order, zero flag, Rice parameter, then the divisor and the first value. */
    private static final int INTEGERS_HEADER_BITS = 1 + 1 + 6;

    // ---------------------------------------------------------------- round trips

    static Stream<Arguments> series() {
        Random random = new Random(7);
        return Stream.of(
                series("constant", regularTimes(500, 1_000), filled(500, 42.5)),
                series("counter", jitteredTimes(random, 1_000), counter(random, 1_000, 1_000_000)),
                series("gauge with noise", jitteredTimes(random, 1_000), gauge(random, 1_000)),
                series("random doubles", regularTimes(1_000, INTERVAL), randomDoubles(random, 1_000)),
                series("special values", regularTimes(SPECIALS.length, 1_000), SPECIALS),
                series("special values shuffled", regularTimes(300, 1_000), shuffledSpecials(random, 300)),
                series("one sample", new long[] {START}, new double[] {3.25}),
                series("two samples", new long[] {START, START + INTERVAL}, new double[] {1, 2}),
                series("10,000 samples", jitteredTimes(random, 10_000), gauge(random, 10_000)),
                series("irregular gaps", irregularTimes(random, 1_000), counter(random, 1_000, 10)),
                series("every delta-of-delta bucket edge", bucketEdgeTimes(), filled(bucketEdgeTimes().length, 1)),
                series("huge deltas of delta", hugeDeltaTimes(), randomDoubles(random, hugeDeltaTimes().length)),
                series("negative times", negativeTimes(random, 500), gauge(random, 500)),
                series("Long.MIN_VALUE to Long.MAX_VALUE", new long[] {Long.MIN_VALUE, Long.MAX_VALUE},
                        new double[] {-0.0, 0.0}),
                series("around zero and the ends", new long[] {Long.MIN_VALUE, Long.MIN_VALUE + 1, -1, 0, 1,
                        Long.MAX_VALUE - 1, Long.MAX_VALUE}, Arrays.copyOf(SPECIALS, 7)),
                series("one second apart", regularTimes(3_600, 1_000), counter(random, 3_600, 3)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("series")
    void everySeriesRoundTripsBitForBit(long[] times, double[] values) {
        byte[] block = SampleBlock.encode(times, values, times.length);

        SampleBlock.Decoded decoded = SampleBlock.decode(block);

        assertThat(decoded.times()).containsExactly(times);
        assertThat(rawBits(decoded.values())).containsExactly(rawBits(values));
        assertThat(SampleBlock.count(block)).isEqualTo(times.length);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("series")
    void everySeriesInVersion1StillDecodesBitForBit(long[] times, double[] values) {
        byte[] block = encodeVersion1(times, values);

        SampleBlock.Decoded decoded = SampleBlock.decode(block);

        assertThat(decoded.times()).containsExactly(times);
        assertThat(rawBits(decoded.values())).containsExactly(rawBits(values));
        assertThat(SampleBlock.count(block)).isEqualTo(times.length);
    }

    @Test
    void aBlockWrittenByTheVersion1EncoderStillDecodes() {
        // Written by SampleBlock.encode before version 2 (commit 39a9141).
        byte[] block = HexFormat.of().parseHex("01060000019e704488003ff80000000000003b5315fb09bffec1301d80079d4b6fff9eff"
                + "ff15a1cfb73f90f22001d670");
        long[] times = {START, START + 30_001, START + 60_000, START + 90_003, START + 150_003, START + 150_004};
        double[] values = {1.5, 1.5, 2.25, -0.0, Double.NaN, 1e300};

        SampleBlock.Decoded decoded = SampleBlock.decode(block);

        assertThat(decoded.times()).containsExactly(times);
        assertThat(rawBits(decoded.values())).containsExactly(rawBits(values));
        assertThat(encodeVersion1(times, values)).as("this test's version 1 encoder").isEqualTo(block);
    }

    @Test
    void onlyTheFirstCountSamplesAreEncoded() {
        long[] times = {10, 20, 30, 40, 5};
        double[] values = {1, 2, 3, 4, 5, 6, 7};

        SampleBlock.Decoded decoded = SampleBlock.decode(SampleBlock.encode(times, values, 3));

        assertThat(decoded.times()).containsExactly(10, 20, 30);
        assertThat(decoded.values()).containsExactly(1, 2, 3);
    }

    @Test
    void aSingleSampleIsTheHeaderAndItsTwoColumns() {
        byte[] decimal = SampleBlock.encode(new long[] {-5}, new double[] {3.25}, 1);
        byte[] notDecimal = SampleBlock.encode(new long[] {-5}, new double[] {Double.NaN}, 1);

        // Times: '1', integers with g = 1 (6 bits) and zigzag(-5) + 1 = 10 (6 + 3 bits).
        int timeBits = 1 + INTEGERS_HEADER_BITS + 6 + 9;
        // Values: '1', scale 2, integers with g = 1 and zigzag(325) + 1 = 651 (6 + 9 bits); or '0' and 64 bits.
        assertThat(decimal).hasSize(SMALL_HEADER_BYTES + bytes(timeBits + 1 + 4 + INTEGERS_HEADER_BITS + 6 + 15))
                .startsWith(2, 1);
        assertThat(notDecimal).hasSize(SMALL_HEADER_BYTES + bytes(timeBits + 1 + 64)).startsWith(2, 1);
    }

    // ---------------------------------------------------------------- size

    @Test
    void aRegularConstantSeriesTakesOneBitPerTimeAndPerValue() {
        int count = DAY_AT_30_S;
        byte[] block = SampleBlock.encode(regularTimes(count, INTERVAL), filled(count, 7), count);

        // Header with a 2-byte count. Times: '1', integers with g = 30,000 (6 + 14 bits), zigzag(START) + 1
        // (6 + 41 bits), the first delta of 1 g ('110'), then '0' per sample. Values: '1', scale 0, integers
        // with g = 1 (6 bits), zigzag(7) + 1 = 15 (6 + 3 bits), then '0' per sample.
        long timeBits = 1 + INTEGERS_HEADER_BITS + 20 + 47 + 3 + (count - 2);
        long valueBits = 1 + 4 + INTEGERS_HEADER_BITS + 6 + 9 + (count - 1);
        assertThat(block).hasSize(SMALL_HEADER_BYTES + 1 + bytes(timeBits + valueBits));
    }

    @Test
    void aDayAtThirtySecondsIsSmall() {
        Random random = new Random(2015);
        long[] times = jitteredTimes(random, DAY_AT_30_S);
        double constant = bytesPerSample(times, filled(DAY_AT_30_S, 8_254_377_984.0));
        double slowCounter = bytesPerSample(times, slowCounter(random, DAY_AT_30_S));
        double cpu = bytesPerSample(times, cpuPercent(random, DAY_AT_30_S));
        double busyCounter = bytesPerSample(times, counter(random, DAY_AT_30_S, 65_536));
        double cpuSeconds = bytesPerSample(times, cpuSeconds(random, DAY_AT_30_S));
        double noise = bytesPerSample(times, gauge(random, DAY_AT_30_S));
        System.out.printf("SampleBlock, bytes per sample over one day at 30 s: constant %.3f, slow byte counter"
                + " %.3f, CPU %% with 2 decimals %.3f, busy byte counter %.3f, CPU seconds in hundredths %.3f,"
                + " noisy gauge (not decimal) %.3f%n", constant, slowCounter, cpu, busyCounter, cpuSeconds, noise);

        // Seeded data: these sizes are a property of the format, the same on every run.
        assertThat(constant).isLessThan(0.75);
        assertThat(slowCounter).isLessThan(1.1);
        assertThat(cpu).as("decimals as integers, not Gorilla's XOR").isLessThan(1.9);
        assertThat(busyCounter).isLessThan(2.8);
        assertThat(cpuSeconds).isLessThan(1.7);
        assertThat(noise).as("Gorilla's XOR for what is not decimal").isLessThan(8);
    }

    @Test
    void regularTimesAndDecimalValuesTakeAFewBits() {
        long[] times = regularTimes(DAY_AT_30_S, INTERVAL);
        Random random = new Random(3);

        assertThat(bytesPerSample(times, filled(DAY_AT_30_S, 0.25))).as("constant").isLessThan(0.26);
        assertThat(bytesPerSample(times, pages(random, DAY_AT_30_S))).as("pages of memory").isLessThan(1);
        assertThat(bytesPerSample(times, cpuSeconds(random, DAY_AT_30_S))).as("CPU seconds").isLessThan(1.2);
    }

    // ---------------------------------------------------------------- count

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 127, 128, 16_383, 16_384})
    void countIsReadFromTheHeaderAlone(int count) {
        byte[] block = SampleBlock.encode(regularTimes(count, 1_000), filled(count, 1), count);
        int headerBytes = SMALL_HEADER_BYTES + (count < 128 ? 0 : count < 16_384 ? 1 : 2);

        assertThat(SampleBlock.count(block)).isEqualTo(count);
        assertThat(SampleBlock.count(Arrays.copyOf(block, headerBytes))).isEqualTo(count);
        assertThatThrownBy(() -> SampleBlock.count(Arrays.copyOf(block, headerBytes - 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("corrupt block");

        // Version 1: the first time and value are part of the header.
        byte[] version1 = encodeVersion1(regularTimes(count, 1_000), filled(count, 1));
        assertThat(SampleBlock.count(Arrays.copyOf(version1, headerBytes + 16))).isEqualTo(count);
        assertThatThrownBy(() -> SampleBlock.count(Arrays.copyOf(version1, headerBytes + 15)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("header truncated");
    }

    // ---------------------------------------------------------------- invalid arguments

    @Test
    void encodeRefusesInvalidArguments() {
        long[] times = {1, 2, 3};
        double[] values = {1, 2, 3};

        assertThatThrownBy(() -> SampleBlock.encode(times, values, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> SampleBlock.encode(times, values, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> SampleBlock.encode(times, new double[] {1, 2}, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exceeds the arrays");
        assertThatThrownBy(() -> SampleBlock.encode(new long[] {1, 2}, values, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exceeds the arrays");
        assertThatThrownBy(() -> SampleBlock.encode(new long[] {1, 2, 2}, values, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("strictly increasing");
        assertThatThrownBy(() -> SampleBlock.encode(new long[] {1, 3, 2}, values, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("times[2] = 2");
        assertThatThrownBy(() -> SampleBlock.encode(new long[] {Long.MAX_VALUE, Long.MIN_VALUE}, values, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("strictly increasing");
    }

    // ---------------------------------------------------------------- corrupt blocks

    static Stream<Arguments> blocksOfEachKind() {
        Random random = new Random(11);
        long[] times = jitteredTimes(random, 200);
        return Stream.of(
                Arguments.of(Named.of("decimal values", SampleBlock.encode(times, cpuSeconds(random, 200), 200))),
                Arguments.of(Named.of("XOR values", SampleBlock.encode(times, gauge(random, 200), 200))),
                Arguments.of(Named.of("version 1", encodeVersion1(times, gauge(random, 200)))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("blocksOfEachKind")
    void everyTruncationIsRefused(byte[] block) {
        for (int length = 0; length < block.length; length++) {
            byte[] truncated = Arrays.copyOf(block, length);
            assertThatThrownBy(() -> SampleBlock.decode(truncated))
                    .as("truncated to %d of %d bytes", length, block.length)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("corrupt block");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 3, 0x7F, 0xFF})
    void anotherVersionIsRefused(int version) {
        byte[] block = SampleBlock.encode(new long[] {1, 2}, new double[] {1, 2}, 2);
        block[0] = (byte) version;

        assertThatThrownBy(() -> SampleBlock.decode(block))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version " + version);
        assertThatThrownBy(() -> SampleBlock.count(block))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version " + version);
    }

    static Stream<Arguments> corruptBlocks() {
        return Stream.of(
                corrupt("empty", new byte[0], "empty"),
                corrupt("count 0", header(new byte[] {0}, 0, 0), "count 0"),
                corrupt("count varint over 5 bytes", header(new byte[] {-127, -128, -128, -128, -128, 1}, 0, 0),
                        "longer than 5 bytes"),
                corrupt("count above int", header(new byte[] {-1, -1, -1, -1, 15}, 0, 0), "out of range"),
                corrupt("a million samples announced, none there", header(varint(1_000_000), 0, 0),
                        "samples announced"),
                corrupt("reused window before any", concat(header(varint(2), 0, 0), 0b0000_0010), "reuses a window"),
                corrupt("window wider than 64 bits",
                        concat(header(varint(2), 0, 0), 0b0000_0011, 0b1111_1111, 0b1110_0000), "meaningful bits"),
                corrupt("time wraps past Long.MAX_VALUE", concat(header(varint(2), Long.MAX_VALUE, 0), 0),
                        "not after the previous"),
                corrupt("delta of delta cancels the delta",
                        concat(header(varint(3), 0, 0), 0b0000_0001, 0b0111_1111, 0), "not after the previous"),
                corrupt("a byte after the last sample",
                        concat(SampleBlock.encode(new long[] {0, 1}, new double[] {0, 0}, 2), 0), "after the last"),
                corrupt("a padding bit set",
                        concat(header(varint(2), 0, 0), 0b0000_0001), "after the last"),
                // Version 2, fields as (value, width) after the count: the time column ('0', the
                // first time 0 in 64 bits and, for two samples, a first delta of 1 ms: length 1),
                // then the value column.
                corrupt("decimal scale above 9", block2(1, 0, 1, 0, 64, 1, 1, 10, 4), "decimal scale 10"),
                corrupt("Rice parameter above 58", block2(1, 0, 1, 0, 64, 1, 1, 0, 4, 0, 2, 59, 6),
                        "Rice parameter 59"),
                corrupt("integer beyond 2^53", block2(1, 0, 1, 0, 64, 1, 1, 0, 4, 0, 2, 0, 6, 0, 6,
                        54, 6, (1L << 54) + 3, 54), "beyond ±2^53"),
                corrupt("integer column overflows", block2(2, 0, 1, 0, 64, 0, 6, 1, 1, 0, 4, 1, 1, 0, 1, 0, 6,
                        62, 6, -1, 62, 0, 6, 0b11110, 5), "overflows"),
                // Times as integers: order 1, no zero flag, Rice 0, g = 1, first time 0, delta −1 ('10').
                corrupt("integer times going back", block2(2, 1, 1, 0, 8, 0, 6, 0, 6, 0b10, 2), "not after the previous"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corruptBlocks")
    void corruptBlocksAreRefusedWithTheirReason(byte[] block, String reason) {
        assertThatThrownBy(() -> SampleBlock.decode(block))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(reason);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("blocksOfEachKind")
    void everyFlippedBitDecodesOrIsRefused(byte[] block) {
        for (int bit = 0; bit < 8 * block.length; bit++) {
            byte[] damaged = block.clone();
            damaged[bit / 8] ^= (byte) (0x80 >>> (bit % 8));
            decodeOrRefuse(damaged);
        }
    }

    @Test
    void garbageDecodesOrIsRefused() {
        Random random = new Random(17);
        for (int i = 0; i < 3_000; i++) {
            byte[] garbage = new byte[random.nextInt(80)];
            random.nextBytes(garbage);
            if (garbage.length > 1) {
                garbage[0] = (byte) (1 + i % 2);
                garbage[1] &= 0x7F;
            }
            decodeOrRefuse(garbage);
        }
    }

    private static void decodeOrRefuse(byte[] block) {
        SampleBlock.Decoded decoded;
        try {
            decoded = SampleBlock.decode(block);
        } catch (IllegalArgumentException refused) {
            assertThat(refused).hasMessageContaining("corrupt block");
            return;
        }
        assertThat(decoded.times()).hasSameSizeAs(decoded.values()).hasSize(SampleBlock.count(block));
        assertThat(decoded.times()).isSorted().doesNotHaveDuplicates();
    }

    // ---------------------------------------------------------------- series

    private static final double[] SPECIALS = {
            0.0, -0.0, Double.NaN, Double.longBitsToDouble(0x7FF0_0000_0000_0001L),
            Double.longBitsToDouble(0xFFF8_0000_DEAD_BEEFL), Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
            Double.MIN_VALUE, -Double.MIN_VALUE, Double.longBitsToDouble(0x000F_FFFF_FFFF_FFFFL),
            Double.MIN_NORMAL, Double.MAX_VALUE, -Double.MAX_VALUE, 1.0, -1.0, 0.1, Double.NaN,
    };

    private static Arguments series(String name, long[] times, double[] values) {
        return Arguments.of(Named.of(name, times), values);
    }

    private static Arguments corrupt(String name, byte[] block, String reason) {
        return Arguments.of(Named.of(name, block), reason);
    }

    private static long[] regularTimes(int count, long interval) {
        long[] times = new long[count];
        for (int i = 0; i < count; i++) {
            times[i] = START + interval * i;
        }
        return times;
    }

    /** Every 30 s by a timer that is off by up to 3 ms either way. */
    private static long[] jitteredTimes(Random random, int count) {
        long[] times = new long[count];
        for (int i = 0; i < count; i++) {
            times[i] = START + INTERVAL * i + random.nextInt(7) - 3;
        }
        return times;
    }

    /** Gaps from 1 ms to 52 days, with missed samples. */
    private static long[] irregularTimes(Random random, int count) {
        long[] gaps = {1, 999, 1_000, 29_998, 30_000, 30_003, 60_000, 3_600_000, 86_400_000, 1L << 32};
        long[] times = new long[count];
        times[0] = START;
        for (int i = 1; i < count; i++) {
            times[i] = times[i - 1] + gaps[random.nextInt(gaps.length)] + random.nextInt(3);
        }
        return times;
    }

    /** Deltas of delta at both edges of every bucket. */
    private static long[] bucketEdgeTimes() {
        long[] edges = {0, 1, -1, 63, -64, 64, -65, 255, -256, 256, -257, 32_767, -32_768, 32_768, -32_769,
                Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE + 1L, Integer.MIN_VALUE - 1L};
        long base = 1L << 40;
        long[] times = new long[2 * edges.length + 2];
        times[1] = base;
        for (int i = 0; i < edges.length; i++) {
            times[2 + 2 * i] = times[1 + 2 * i] + base + edges[i];
            times[3 + 2 * i] = times[2 + 2 * i] + base;
        }
        return times;
    }

    /** Deltas alternating between 1 ms and 2^62 ms, from Long.MIN_VALUE: every one needs the 64-bit escape. */
    private static long[] hugeDeltaTimes() {
        long[] times = new long[7];
        times[0] = Long.MIN_VALUE;
        for (int i = 1; i < times.length; i++) {
            times[i] = times[i - 1] + (i % 2 == 1 ? 1L << 62 : 1);
        }
        return times;
    }

    private static long[] negativeTimes(Random random, int count) {
        long[] times = jitteredTimes(random, count);
        for (int i = 0; i < count; i++) {
            times[i] -= 2 * START;
        }
        return times;
    }

    private static double[] filled(int count, double value) {
        double[] values = new double[count];
        Arrays.fill(values, value);
        return values;
    }

    /** A byte counter growing every sample by 0 to {@code maxStep - 1} bytes. */
    private static double[] counter(Random random, int count, int maxStep) {
        double[] values = new double[count];
        double value = 1_234_567_890;
        for (int i = 0; i < count; i++) {
            values[i] = value;
            value += random.nextInt(maxStep);
        }
        return values;
    }

    /** A byte counter of a mostly idle service: in one interval out of five it grows by 1 B to 4 KiB. */
    private static double[] slowCounter(Random random, int count) {
        double[] values = new double[count];
        double value = 1_234_567_890;
        for (int i = 0; i < count; i++) {
            values[i] = value;
            if (random.nextInt(5) == 0) {
                value += 1 + random.nextInt(4_096);
            }
        }
        return values;
    }

    /** A CPU percentage: a random walk between 0 and 100, rounded to 2 decimals. */
    private static double[] cpuPercent(Random random, int count) {
        double[] values = new double[count];
        double value = 20;
        for (int i = 0; i < count; i++) {
            value = Math.clamp(value + 2 * random.nextGaussian(), 0, 100);
            values[i] = Math.round(value * 100) / 100.0;
        }
        return values;
    }

    /** CPU seconds as /proc gives them: hundredths, growing by about 1.6 s every 30 s. */
    private static double[] cpuSeconds(Random random, int count) {
        double[] values = new double[count];
        long hundredths = 123_456_789;
        for (int i = 0; i < count; i++) {
            values[i] = hundredths / 100.0;
            hundredths += Math.max(0, Math.round(160 + 40 * random.nextGaussian()));
        }
        return values;
    }

    /** Free memory in bytes, a multiple of 4 KiB pages that changes in one interval out of three. */
    private static double[] pages(Random random, int count) {
        double[] values = new double[count];
        long pages = 2_000_000;
        for (int i = 0; i < count; i++) {
            values[i] = pages * 4096.0;
            if (random.nextInt(3) == 0) {
                pages += Math.round(1_000 * random.nextGaussian());
            }
        }
        return values;
    }

    private static double[] gauge(Random random, int count) {
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            values[i] = 50 + 30 * Math.sin(i / 100.0) + random.nextGaussian();
        }
        return values;
    }

    private static double[] randomDoubles(Random random, int count) {
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            values[i] = Double.longBitsToDouble(random.nextLong());
        }
        return values;
    }

    private static double[] shuffledSpecials(Random random, int count) {
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            values[i] = SPECIALS[random.nextInt(SPECIALS.length)];
        }
        return values;
    }

    private static long[] rawBits(double[] values) {
        long[] bits = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Double.doubleToRawLongBits(values[i]);
        }
        return bits;
    }

    private static int bytes(long bits) {
        return (int) ((bits + 7) / 8);
    }

    private static double bytesPerSample(long[] times, double[] values) {
        return (double) SampleBlock.encode(times, values, times.length).length / times.length;
    }

    // ---------------------------------------------------------------- hand-made blocks

    /** Version 1 as SampleBlock wrote it: version, count, first time and value, then each sample's time and value. */
    static byte[] encodeVersion1(long[] times, double[] values) {
        BitWriter out = new BitWriter(64);
        out.write(SampleBlock.VERSION_GORILLA, 8);
        BlockColumns.writeCount(out, times.length);
        BlockColumns.TimeWriter time = new BlockColumns.TimeWriter(out, times[0]);
        out.write(Double.doubleToRawLongBits(values[0]), 64);
        BlockColumns.XorWriter value = new BlockColumns.XorWriter(values[0]);
        for (int i = 1; i < times.length; i++) {
            time.write(out, times[i], i);
            value.write(out, values[i]);
        }
        return out.toByteArray();
    }

    /** Version 2, a count under 128, then fields as pairs of value and width in bits. */
    private static byte[] block2(int count, long... fields) {
        BitWriter out = new BitWriter(32);
        out.write(2, 8);
        out.write(count, 8);
        for (int i = 0; i < fields.length; i += 2) {
            out.write(fields[i], (int) fields[i + 1]);
        }
        return out.toByteArray();
    }

    private static byte[] header(byte[] count, long firstTime, long firstValueBits) {
        return concat(concat(new byte[] {1}, count), ByteBuffer.allocate(16).putLong(firstTime)
                .putLong(firstValueBits).array());
    }

    private static byte[] varint(int value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rest = value;
        while (rest >= 0x80) {
            out.write((rest & 0x7F) | 0x80);
            rest >>>= 7;
        }
        out.write(rest);
        return out.toByteArray();
    }

    private static byte[] concat(byte[] first, int... bytes) {
        byte[] result = Arrays.copyOf(first, first.length + bytes.length);
        for (int i = 0; i < bytes.length; i++) {
            result[first.length + i] = (byte) bytes[i];
        }
        return result;
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] result = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, result, first.length, second.length);
        return result;
    }
}
