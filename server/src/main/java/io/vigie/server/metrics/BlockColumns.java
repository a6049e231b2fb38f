package io.vigie.server.metrics;

/**
 * The columns that blocks are made of (docs/metrics-storage.md, "Block encoding"): strictly
 * increasing times as deltas of delta, integers as Rice-coded deltas (or deltas of delta) in units
 * of their greatest common divisor, and doubles as such integers when they are decimals of at most
 * {@link #MAX_SCALE} digits, else XOR-encoded in the manner of Gorilla. Every reader treats its
 * input as untrusted and throws {@link IllegalArgumentException} (with "corrupt block") on
 * anything a writer cannot have written.
 */
final class BlockColumns {

    /** Most decimal digits a value column may scale by. */
    static final int MAX_SCALE = 9;
    /** Largest magnitude of a column integer (and of a scaled value): every such long is a double. */
    static final long MAX_INTEGER = 1L << 53;

    private static final int MAX_VARINT_BYTES = 5;
    private static final int LENGTH_BITS = 6;
    /** Widths of the signed delta-of-delta buckets, after the prefixes 10, 110, 1110, 11110, 11111. */
    private static final int[] BUCKET_WIDTHS = {7, 9, 16, 32, 64};
    private static final int LEADING_ZEROS_BITS = 5;
    private static final int MAX_LEADING_ZEROS = (1 << LEADING_ZEROS_BITS) - 1;
    private static final int MEANINGFUL_BITS = 6;
    private static final int SCALE_BITS = 4;
    private static final int RICE_BITS = 6;
    /** Largest Rice parameter: a quotient under {@link #ESCAPE} shifted by it stays under 2^62. */
    private static final int MAX_RICE = 58;
    /** Quotients from this one on are written as an escape and the integer's length. */
    private static final int ESCAPE = 16;
    private static final double[] POWERS_OF_TEN = new double[MAX_SCALE + 1];

    static {
        double power = 1;
        for (int k = 0; k <= MAX_SCALE; k++) {
            POWERS_OF_TEN[k] = power;
            power *= 10;
        }
    }

    private BlockColumns() {
    }

    // ---------------------------------------------------------------- header

    /** An unsigned LEB128 varint of a positive int. */
    static void writeCount(BitWriter out, int count) {
        int rest = count;
        while (rest >= 0x80) {
            out.write((rest & 0x7F) | 0x80, 8);
            rest >>>= 7;
        }
        out.write(rest, 8);
    }

    /** Reads a count written by {@link #writeCount}: 1 to 2^31 − 1, in at most 5 bytes. */
    static int readCount(BitReader in) {
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
        return (int) count;
    }

    /** Fails before anything is allocated when the bits left cannot hold {@code count − 1} more rows. */
    static void checkRoom(BitReader in, int count, int minBitsPerRow) {
        if (count - 1 > in.remaining() / minBitsPerRow) {
            throw new IllegalArgumentException("corrupt block: " + count + " samples announced but only "
                    + in.remaining() + " bits follow the header");
        }
    }

    /** Fails unless only padding (at most 7 zero bits) is left. */
    static void checkPadding(BitReader in) {
        long left = in.remaining();
        if (left >= 8 || in.read((int) left) != 0) {
            throw new IllegalArgumentException("corrupt block: " + left + " bits after the last sample, "
                    + "where at most 7 zero bits of padding may follow");
        }
    }

    // ---------------------------------------------------------------- times

    /** Checks that the first {@code count} times strictly increase. */
    static void checkIncreasing(long[] times, int count) {
        for (int i = 1; i < count; i++) {
            if (times[i] <= times[i - 1]) {
                throw new IllegalArgumentException("times must be strictly increasing: times[" + i + "] = "
                        + times[i] + " after times[" + (i - 1) + "] = " + times[i - 1]);
            }
        }
    }

    /**
     * The time column of version 2 blocks: {@code 1} and the integer column of the times when
     * they are all within ±2^53 (jitter of a few milliseconds then takes a few bits), else
     * {@code 0} and the times as version 1 writes them ({@link #writeTimes}).
     */
    static void writeTimeColumn(BitWriter out, long[] times, int count) {
        boolean integers = true;
        for (int i = 0; i < count && integers; i++) {
            integers = Math.abs(times[i]) <= MAX_INTEGER;
        }
        out.write(integers ? 1 : 0, 1);
        if (integers) {
            writeIntegers(out, times, count);
        } else {
            writeTimes(out, times, count);
        }
    }

    static long[] readTimeColumn(BitReader in, int count) {
        if (!in.readBit()) {
            return readTimes(in, count);
        }
        long[] times = readIntegers(in, count);
        for (int i = 1; i < count; i++) {
            if (times[i] <= times[i - 1]) {
                throw new IllegalArgumentException("corrupt block: time of sample " + i + " (" + times[i]
                        + ") is not after the previous one (" + times[i - 1] + ")");
            }
        }
        return times;
    }

    /** The times as version 1 writes them: the first time, then the first delta and the deltas of delta. */
    static void writeTimes(BitWriter out, long[] times, int count) {
        TimeWriter writer = new TimeWriter(out, times[0]);
        for (int i = 1; i < count; i++) {
            writer.write(out, times[i], i);
        }
    }

    /** Writes the times one by one: what {@link TimeReader} reads. */
    static final class TimeWriter {

        private long time;
        private long delta;

        /** Writes the first time, 64 bits. */
        TimeWriter(BitWriter out, long first) {
            out.write(first, 64);
            time = first;
        }

        /** Writes the time of sample {@code i} (1 or more), after the previous one. */
        void write(BitWriter out, long next, int i) {
            long nextDelta = next - time;
            if (i == 1) {
                writeLength(out, nextDelta);
            } else {
                writeDeltaOfDelta(out, nextDelta - delta);
            }
            delta = nextDelta;
            time = next;
        }
    }

    static long[] readTimes(BitReader in, int count) {
        long[] times = new long[count];
        TimeReader reader = new TimeReader(in.read(64));
        times[0] = reader.time();
        for (int i = 1; i < count; i++) {
            times[i] = reader.next(in, i);
        }
        return times;
    }

    /** Reads the times after the first one by one (version 1 blocks interleave them with values). */
    static final class TimeReader {

        private long time;
        private long delta;

        TimeReader(long first) {
            time = first;
        }

        /** @return the time read last (the first time before any {@link #next}) */
        long time() {
            return time;
        }

        /** @return the time of sample {@code i} (1 or more), after the previous one */
        long next(BitReader in, int i) {
            delta = i == 1 ? readLength(in) : delta + readDeltaOfDelta(in);
            long next = time + delta;
            if (next <= time) {
                throw new IllegalArgumentException("corrupt block: time of sample " + i + " (" + next
                        + ") is not after the previous one (" + time + ")");
            }
            time = next;
            return time;
        }
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

    /** A non-zero unsigned 64-bit number as 6 bits of its length L − 1 and its L − 1 low bits. */
    private static void writeLength(BitWriter out, long value) {
        int length = 64 - Long.numberOfLeadingZeros(value);
        out.write(length - 1, LENGTH_BITS);
        out.write(value, length - 1);
    }

    private static long readLength(BitReader in) {
        int length = (int) in.read(LENGTH_BITS) + 1;
        return (1L << (length - 1)) | in.read(length - 1);
    }

    // ---------------------------------------------------------------- doubles

    /**
     * The value column: {@code 1}, 4 bits of scale k and the integer column of the values × 10^k
     * when every value is such a decimal, else {@code 0} and the XOR stream.
     */
    static void writeValues(BitWriter out, double[] values, int count) {
        int scale = commonScale(values, count);
        if (scale < 0) {
            out.write(0b0, 1);
            out.write(Double.doubleToRawLongBits(values[0]), 64);
            XorWriter xor = new XorWriter(values[0]);
            for (int i = 1; i < count; i++) {
                xor.write(out, values[i]);
            }
            return;
        }
        out.write(0b1, 1);
        out.write(scale, SCALE_BITS);
        long[] integers = new long[count];
        for (int i = 0; i < count; i++) {
            integers[i] = Math.round(values[i] * POWERS_OF_TEN[scale]);
        }
        writeIntegers(out, integers, count);
    }

    static double[] readValues(BitReader in, int count) {
        double[] values = new double[count];
        if (!in.readBit()) {
            XorReader xor = new XorReader(in.read(64));
            values[0] = xor.value();
            for (int i = 1; i < count; i++) {
                values[i] = xor.next(in, i);
            }
            return values;
        }
        int scale = (int) in.read(SCALE_BITS);
        if (scale > MAX_SCALE) {
            throw new IllegalArgumentException("corrupt block: decimal scale " + scale + " above " + MAX_SCALE);
        }
        long[] integers = readIntegers(in, count);
        for (int i = 0; i < count; i++) {
            values[i] = integers[i] / POWERS_OF_TEN[scale];
        }
        return values;
    }

    /**
     * @return the fewest decimal digits k (0 to {@link #MAX_SCALE}) such that {@code value} is
     *         exactly {@code Math.round(value × 10^k) / 10^k} with that integer within ±2^53, or −1
     */
    static int scale(double value) {
        for (int k = 0; k <= MAX_SCALE; k++) {
            if (exactAt(value, k)) {
                return k;
            }
        }
        return -1;
    }

    /**
     * @return {@code a + b}, computed on the integers of their decimal scale when both are
     *         decimals of at most {@link #MAX_SCALE} digits (so 0.1 + 0.2 is 0.3, and sums of
     *         decimals stay decimals), else the floating-point sum
     */
    static double decimalSum(double a, double b) {
        int sa = scale(a);
        int sb = scale(b);
        if (sa < 0 || sb < 0) {
            return a + b;
        }
        for (int k = Math.max(sa, sb); k <= MAX_SCALE; k++) {
            if (exactAt(a, k) && exactAt(b, k)) {
                long sum = Math.round(a * POWERS_OF_TEN[k]) + Math.round(b * POWERS_OF_TEN[k]);
                return Math.abs(sum) <= MAX_INTEGER ? sum / POWERS_OF_TEN[k] : a + b;
            }
        }
        return a + b;
    }

    private static boolean exactAt(double value, int k) {
        double scaled = value * POWERS_OF_TEN[k];
        if (!(Math.abs(scaled) <= MAX_INTEGER)) {
            return false;
        }
        return Double.doubleToRawLongBits(Math.round(scaled) / POWERS_OF_TEN[k]) == Double.doubleToRawLongBits(value);
    }

    /** The fewest digits at which every value is exact, or −1. */
    private static int commonScale(double[] values, int count) {
        int scale = 0;
        for (int i = 0; i < count; i++) {
            int s = scale(values[i]);
            if (s < 0) {
                return -1;
            }
            scale = Math.max(scale, s);
        }
        for (; scale <= MAX_SCALE; scale++) {
            boolean exact = true;
            for (int i = 0; i < count && exact; i++) {
                exact = exactAt(values[i], scale);
            }
            if (exact) {
                return scale;
            }
        }
        return -1;
    }

    /** Gorilla's XOR encoding of a value against the previous one (window set by the '11' case). */
    static final class XorWriter {

        private long previousBits;
        private int windowLeading = -1;
        private int windowTrailing;

        XorWriter(double first) {
            previousBits = Double.doubleToRawLongBits(first);
        }

        void write(BitWriter out, double value) {
            long bits = Double.doubleToRawLongBits(value);
            long xor = bits ^ previousBits;
            previousBits = bits;
            if (xor == 0) {
                out.write(0b0, 1);
                return;
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
    }

    /** Reads what {@link XorWriter} wrote, value by value. */
    static final class XorReader {

        private long bits;
        private int windowLeading = -1;
        private int windowTrailing;

        XorReader(long firstBits) {
            bits = firstBits;
        }

        double value() {
            return Double.longBitsToDouble(bits);
        }

        /** @return the value of sample {@code i} (1 or more) */
        double next(BitReader in, int i) {
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
            return value();
        }
    }

    // ---------------------------------------------------------------- integers

    /**
     * The integer column of values within ±2^53: 1 bit order − 1 (deltas or deltas of delta), 1
     * bit zero flag, 6 bits Rice parameter, the greatest common divisor g of the deltas and the
     * zigzag of the first value + 1 (both as 6 bits of length and the bits under the top one),
     * then one residual per further value: the zigzag of its delta ÷ g (order 1) or of the change
     * of that delta (order 2), Rice-coded, after a '0' for a zero residual or a '1' when the zero
     * flag is set. The writer picks the order, flag and parameter that give the fewest bits.
     */
    static void writeIntegers(BitWriter out, long[] values, int count) {
        long gcd = 0;
        for (int i = 0; i < count; i++) {
            if (Math.abs(values[i]) > MAX_INTEGER) {
                throw new IllegalArgumentException("integer " + values[i] + " beyond ±2^53 at " + i);
            }
            if (i > 0) {
                gcd = gcd(gcd, Math.abs(values[i] - values[i - 1]));
            }
        }
        gcd = Math.max(1, gcd);
        long[] byDelta = new long[Math.max(0, count - 1)];
        long[] byDeltaOfDelta = new long[byDelta.length];
        long previous = 0;
        for (int i = 1; i < count; i++) {
            long delta = (values[i] - values[i - 1]) / gcd;
            byDelta[i - 1] = zigzag(delta);
            byDeltaOfDelta[i - 1] = zigzag(delta - previous);
            previous = delta;
        }
        Code byDeltaCode = Code.best(byDelta);
        Code byDeltaOfDeltaCode = Code.best(byDeltaOfDelta);
        boolean secondOrder = byDeltaOfDeltaCode.bits < byDeltaCode.bits;
        Code code = secondOrder ? byDeltaOfDeltaCode : byDeltaCode;
        long[] residuals = secondOrder ? byDeltaOfDelta : byDelta;

        out.write(secondOrder ? 1 : 0, 1);
        out.write(code.zeroFlag ? 1 : 0, 1);
        out.write(code.rice, RICE_BITS);
        writeLength(out, gcd);
        writeLength(out, zigzag(values[0]) + 1);
        for (long residual : residuals) {
            code.write(out, residual);
        }
    }

    static long[] readIntegers(BitReader in, int count) {
        boolean secondOrder = in.readBit();
        boolean zeroFlag = in.readBit();
        int rice = (int) in.read(RICE_BITS);
        if (rice > MAX_RICE) {
            throw new IllegalArgumentException("corrupt block: Rice parameter " + rice + " above " + MAX_RICE);
        }
        Code code = new Code(zeroFlag, rice, 0);
        long gcd = readLength(in);
        long[] values = new long[count];
        try {
            values[0] = checkRange(unzigzag(readLength(in) - 1), 0);
            long delta = 0;
            for (int i = 1; i < count; i++) {
                long residual = unzigzag(code.read(in));
                delta = secondOrder ? Math.addExact(delta, residual) : residual;
                values[i] = checkRange(Math.addExact(values[i - 1], Math.multiplyExact(delta, gcd)), i);
            }
        } catch (ArithmeticException overflow) {
            throw new IllegalArgumentException("corrupt block: integer column overflows", overflow);
        }
        return values;
    }

    private static long checkRange(long value, int i) {
        if (Math.abs(value) > MAX_INTEGER) {
            throw new IllegalArgumentException("corrupt block: integer " + value + " of sample " + i
                    + " beyond ±2^53");
        }
        return value;
    }

    /**
     * A Rice code with an escape, optionally after a zero flag.
     *
     * @param zeroFlag whether each residual starts with '0' (zero) or '1' (the code of residual − 1)
     * @param rice the Rice parameter: low bits written as they are
     * @param bits what the residuals it was chosen for take
     */
    private record Code(boolean zeroFlag, int rice, long bits) {

        /** @return the code that writes these zigzag residuals in the fewest bits */
        static Code best(long[] residuals) {
            int longest = 0;
            for (long r : residuals) {
                longest = Math.max(longest, 64 - Long.numberOfLeadingZeros(r));
            }
            Code best = null;
            for (int rice = 0; rice <= Math.min(MAX_RICE, longest); rice++) {
                long plain = 0;
                long flagged = 0;
                for (long r : residuals) {
                    plain += riceBits(r, rice);
                    flagged += r == 0 ? 1 : 1 + riceBits(r - 1, rice);
                }
                if (best == null || plain < best.bits) {
                    best = new Code(false, rice, plain);
                }
                if (flagged < best.bits) {
                    best = new Code(true, rice, flagged);
                }
            }
            return best;
        }

        private static long riceBits(long value, int rice) {
            long quotient = value >>> rice;
            return quotient < ESCAPE ? quotient + 1 + rice : ESCAPE + LENGTH_BITS + 63 - Long.numberOfLeadingZeros(value);
        }

        void write(BitWriter out, long value) {
            long rest = value;
            if (zeroFlag) {
                if (value == 0) {
                    out.write(0b0, 1);
                    return;
                }
                out.write(0b1, 1);
                rest = value - 1;
            }
            long quotient = rest >>> rice;
            if (quotient < ESCAPE) {
                out.write(((1L << quotient) - 1) << 1, (int) quotient + 1);
                out.write(rest, rice);
            } else {
                out.write((1L << ESCAPE) - 1, ESCAPE);
                writeLength(out, rest);
            }
        }

        long read(BitReader in) {
            if (zeroFlag && !in.readBit()) {
                return 0;
            }
            int quotient = 0;
            while (quotient < ESCAPE && in.readBit()) {
                quotient++;
            }
            long value = quotient < ESCAPE ? ((long) quotient << rice) | in.read(rice) : readLength(in);
            return zeroFlag ? value + 1 : value;
        }
    }

    private static long zigzag(long value) {
        return (value << 1) ^ (value >> 63);
    }

    private static long unzigzag(long value) {
        return (value >>> 1) ^ -(value & 1);
    }

    private static long gcd(long a, long b) {
        long x = a;
        long y = b;
        while (y != 0) {
            long t = x % y;
            x = y;
            y = t;
        }
        return x;
    }
}
