package io.vigie.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.function.DoubleSupplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The value and integer columns of docs/metrics-storage.md ("Values"), property style: random
 * values of every decimal scale, and those that must fall back to Gorilla's XOR, round-trip bit
 * for bit, with the codec the format prescribes.
 */
class BlockColumnsTest {

    private static final int COUNT = 500;
    private static final int ROUNDS = 20;

    static Stream<Arguments> decimals() {
        return IntStream.rangeClosed(0, BlockColumns.MAX_SCALE).mapToObj(scale -> Arguments.of(scale));
    }

    @ParameterizedTest(name = "scale {0}")
    @MethodSource("decimals")
    void decimalsOfEachScaleRoundTripAsIntegers(int scale) {
        Random random = new Random(scale);
        double power = Math.pow(10, scale);
        for (int round = 0; round < ROUNDS; round++) {
            // Integers of random magnitude (up to 2^50 / 10^scale), negative, zero, and random walks.
            long bound = Math.max(20, (long) ((1L << random.nextInt(1, 51)) / power));
            boolean walk = random.nextBoolean();
            long[] integers = new long[COUNT];
            long current = random.nextLong(-bound, bound);
            for (int i = 0; i < COUNT; i++) {
                current = walk ? Math.clamp(current + random.nextLong(-100, 101), -bound, bound)
                        : random.nextLong(-bound, bound);
                integers[i] = current;
            }
            integers[random.nextInt(COUNT)] = 0;
            // At least one value needs every digit of the scale.
            integers[0] = scale == 0 ? integers[0] : 10 * (integers[0] / 10) + 1;
            double[] values = new double[COUNT];
            for (int i = 0; i < COUNT; i++) {
                values[i] = integers[i] / power;
            }

            BitReader in = roundTrip(values);

            assertThat(in.readBit()).as("decimal codec").isTrue();
            assertThat(in.read(4)).as("scale").isEqualTo(scale);
        }
    }

    static Stream<Arguments> notDecimals() {
        Random random = new Random(5);
        return Stream.of(
                notDecimal("random bit patterns", () -> Double.longBitsToDouble(random.nextLong())),
                notDecimal("noisy gauge", () -> 50 + random.nextGaussian()),
                notDecimal("subnormals", () -> Double.MIN_VALUE * random.nextInt(1, 1000)),
                notDecimal("ten decimals", () -> random.nextInt(1, 1_000_000) / 1e10 + 0.00000000001),
                notDecimal("huge, beyond 2^53", () -> 1e17 + 4096 * random.nextInt(1000)),
                notDecimal("with a NaN", sometimes(random, Double.NaN)),
                notDecimal("with negative zero", sometimes(random, -0.0)),
                notDecimal("with an infinity", sometimes(random, Double.POSITIVE_INFINITY)),
                notDecimal("sums of decimals in floating point", () -> 0.1 * random.nextInt(100) + 0.2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notDecimals")
    void everythingElseRoundTripsAsXor(DoubleSupplier next) {
        double[] values = new double[COUNT];
        for (int i = 0; i < COUNT; i++) {
            values[i] = next.getAsDouble();
        }
        boolean anyNotDecimal = false;
        for (double v : values) {
            anyNotDecimal |= BlockColumns.scale(v) < 0;
        }
        assertThat(anyNotDecimal).as("the generator makes a value that is not a decimal").isTrue();

        assertThat(roundTrip(values).readBit()).as("decimal codec").isFalse();
    }

    @Test
    void scaleIsTheFewestDigitsThatRoundTrip() {
        assertThat(BlockColumns.scale(0)).isZero();
        assertThat(BlockColumns.scale(-42)).isZero();
        assertThat(BlockColumns.scale(0.29)).isEqualTo(2);
        assertThat(BlockColumns.scale(-1234.5)).isEqualTo(1);
        assertThat(BlockColumns.scale(0.000001)).isEqualTo(6);
        assertThat(BlockColumns.scale(9_007_199_254_740_992.0)).as("2^53").isZero();
        assertThat(BlockColumns.scale(9_007_199_254_740_994.0)).as("beyond 2^53").isEqualTo(-1);
        assertThat(BlockColumns.scale(0.1 + 0.2)).isEqualTo(-1);
        assertThat(BlockColumns.scale(-0.0)).isEqualTo(-1);
        assertThat(BlockColumns.scale(Double.NaN)).isEqualTo(-1);
        assertThat(BlockColumns.scale(Double.MIN_VALUE)).isEqualTo(-1);
    }

    @Test
    void decimalSumsStayDecimals() {
        assertThat(BlockColumns.decimalSum(0.1, 0.2)).isEqualTo(0.3);
        assertThat(BlockColumns.decimalSum(12_345.67, 0.01)).isEqualTo(12_345.68);
        assertThat(BlockColumns.decimalSum(-1.5, 0.25)).isEqualTo(-1.25);
        assertThat(BlockColumns.decimalSum(1e15, 1e15)).as("integers").isEqualTo(2e15);
        assertThat(BlockColumns.decimalSum(0.1 + 0.2, 1)).as("not a decimal: floating point").isEqualTo(0.1 + 0.2 + 1);
        assertThat(BlockColumns.decimalSum(9e15, 9e15)).as("beyond 2^53: floating point").isEqualTo(1.8e16);
        assertThat(Double.isNaN(BlockColumns.decimalSum(Double.NaN, 1))).isTrue();
    }

    @Test
    void integersBeyond2To53AreRefused() {
        BitWriter out = new BitWriter(16);
        assertThatThrownBy(() -> BlockColumns.writeIntegers(out, new long[] {0, (1L << 53) + 1}, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("beyond ±2^53");
    }

    @Test
    void integersPickTheCheapestCode() {
        long[] counter = new long[COUNT];
        for (int i = 1; i < COUNT; i++) {
            counter[i] = counter[i - 1] + 1_000_000 + (i % 2);
        }
        BitWriter out = new BitWriter(16);
        BlockColumns.writeIntegers(out, counter, COUNT);
        BitReader in = new BitReader(out.toByteArray());

        assertThat(in.readBit()).as("deltas of delta for a counter with a steady rate").isTrue();
        assertThat(out.toByteArray().length).as("two or three bits per integer").isLessThan(COUNT * 3 / 8 + 16);
    }

    private static BitReader roundTrip(double[] values) {
        BitWriter out = new BitWriter(16);
        BlockColumns.writeValues(out, values, values.length);
        byte[] bytes = out.toByteArray();

        double[] decoded = BlockColumns.readValues(new BitReader(bytes), values.length);

        for (int i = 0; i < values.length; i++) {
            assertThat(Double.doubleToRawLongBits(decoded[i])).as("value %d: %s", i, values[i])
                    .isEqualTo(Double.doubleToRawLongBits(values[i]));
        }
        return new BitReader(bytes);
    }

    private static DoubleSupplier sometimes(Random random, double special) {
        return () -> random.nextInt(10) == 0 ? special : random.nextInt(1000) / 100.0;
    }

    private static Arguments notDecimal(String name, DoubleSupplier next) {
        return Arguments.of(Named.of(name, next));
    }
}
