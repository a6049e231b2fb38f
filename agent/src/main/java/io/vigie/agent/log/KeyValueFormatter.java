package io.vigie.agent.log;

import java.time.Instant;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * Formats every log record as exactly one line of {@code key=value} pairs:
 * {@code time=... level=WARN logger=transport.Spool event=... key=value error="..."}.
 *
 * <p>One line per record keeps the journal greppable and lets a log shipper parse it without
 * multi-line rules. A thrown exception is reduced to its class and message (and those of its
 * causes) on the same line; the stack trace is not printed. Logger names lose their common
 * {@code io.vigie.agent.} prefix.
 */
public final class KeyValueFormatter extends Formatter {

    private static final String PREFIX = "io.vigie.agent.";

    /** Creates the formatter; it has no settings. */
    public KeyValueFormatter() {
        super();
    }

    @Override
    public String format(LogRecord record) {
        StringBuilder line = new StringBuilder(160)
                .append("time=").append(Instant.ofEpochMilli(record.getMillis()))
                .append(" level=").append(levelName(record.getLevel()))
                .append(" logger=").append(Event.quote(shortName(record.getLoggerName())))
                .append(' ').append(oneLine(formatMessage(record)));
        if (record.getThrown() != null) {
            line.append(" error=").append(Event.quote(describe(record.getThrown())));
        }
        return line.append(System.lineSeparator()).toString();
    }

    /**
     * @param level a java.util.logging level
     * @return the name operators know: ERROR, WARN, INFO, DEBUG or TRACE
     */
    public static String levelName(Level level) {
        int value = level.intValue();
        if (value >= Level.SEVERE.intValue()) {
            return "ERROR";
        }
        if (value >= Level.WARNING.intValue()) {
            return "WARN";
        }
        if (value >= Level.INFO.intValue()) {
            return "INFO";
        }
        return value >= Level.FINE.intValue() ? "DEBUG" : "TRACE";
    }

    /**
     * @param failure an exception
     * @return its class and message, then those of each cause, separated by {@code <-}
     */
    public static String describe(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (!text.isEmpty()) {
                text.append(" <- ");
            }
            text.append(t.getClass().getSimpleName());
            if (t.getMessage() != null) {
                text.append(": ").append(t.getMessage());
            }
        }
        return oneLine(text.toString());
    }

    private static String shortName(String name) {
        if (name == null) {
            return "-";
        }
        return name.startsWith(PREFIX) ? name.substring(PREFIX.length()) : name;
    }

    private static String oneLine(String text) {
        return text.replace("\r", "\\r").replace("\n", "\\n");
    }
}
