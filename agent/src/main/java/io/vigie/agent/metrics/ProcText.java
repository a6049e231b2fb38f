package io.vigie.agent.metrics;

import java.util.Arrays;

/**
 * Small parsers for the text of {@code /proc}: splitting on blanks without regular expressions
 * (this runs every round on every line) and reading the kernel's unsigned 64-bit counters.
 */
final class ProcText {

    private static final double TWO_TO_THE_64 = 0x1p64;

    private ProcText() {
    }

    /**
     * @param line a line
     * @return its fields, separated by spaces or tabs
     */
    static String[] fields(String line) {
        String[] fields = new String[8];
        int count = 0;
        int length = line.length();
        int i = 0;
        while (i < length) {
            while (i < length && isBlank(line.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < length && !isBlank(line.charAt(i))) {
                i++;
            }
            if (i > start) {
                if (count == fields.length) {
                    fields = Arrays.copyOf(fields, count * 2);
                }
                fields[count++] = line.substring(start, i);
            }
        }
        return count == fields.length ? fields : Arrays.copyOf(fields, count);
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    /**
     * @param text a decimal unsigned 64-bit integer, as the kernel prints its counters
     * @return its value (above 2^53 rounded to the nearest double)
     * @throws NumberFormatException when it is not one
     */
    static double unsigned(String text) {
        return unsigned(Long.parseUnsignedLong(text));
    }

    /**
     * @param value an unsigned 64-bit integer held in a {@code long}, as C's {@code unsigned long}
     * @return its value (above 2^53 rounded to the nearest double)
     */
    static double unsigned(long value) {
        return value >= 0 ? value : value + TWO_TO_THE_64;
    }
}
