package io.vigie.agent;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the value forms of the configuration: durations ({@code 30s}, {@code 5m}, {@code 1h},
 * {@code 7d}, {@code 500ms} or ISO-8601 such as {@code PT30S}) and sizes in bytes ({@code 268435456},
 * {@code 256MiB}, {@code 64KiB}, {@code 1GiB}; {@code K}, {@code M}, {@code G} are binary
 * multiples too). A value that does not parse gets a message saying which forms are accepted.
 */
public final class Settings {

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|k|kib|m|mib|g|gib)?");

    private Settings() {
    }

    /**
     * @param text a duration
     * @return the duration
     * @throws IllegalArgumentException when the text is not a duration
     */
    public static Duration parseDuration(String text) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        Matcher matcher = DURATION.matcher(value);
        try {
            if (matcher.matches()) {
                long amount = Long.parseLong(matcher.group(1));
                return switch (matcher.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    default -> Duration.ofDays(amount);
                };
            }
            return Duration.parse(value.toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (use 30s, 5m, 1h, 7d or ISO-8601 like PT30S)");
        }
    }

    /**
     * @param text a size
     * @return the size in bytes
     * @throws IllegalArgumentException when the text is not a size
     */
    static long parseSize(String text) {
        Matcher matcher = SIZE.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size (use bytes, or 64KiB, 256MiB, 1GiB)");
        }
        String unit = matcher.group(2) == null ? "b" : matcher.group(2);
        int shift = switch (unit) {
            case "k", "kib" -> 10;
            case "m", "mib" -> 20;
            case "g", "gib" -> 30;
            default -> 0;
        };
        try {
            long amount = Long.parseLong(matcher.group(1));
            if (amount > (Long.MAX_VALUE >> shift)) {
                throw new NumberFormatException("too large");
            }
            return amount << shift;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is too large a size");
        }
    }
}
