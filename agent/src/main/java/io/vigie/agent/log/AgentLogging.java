package io.vigie.agent.log;

import java.io.PrintStream;
import java.io.UnsupportedEncodingException;
import java.util.Locale;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;
import java.util.logging.LogRecord;

/**
 * Sets up the agent's logging: java.util.logging (behind {@link System.Logger}) writing one
 * {@code key=value} line per record to standard error, which systemd sends to the journal.
 *
 * <p>The agent has no logging library on purpose: it must stay small. Levels are named as
 * operators know them ({@code ERROR}, {@code WARN}, {@code INFO}, {@code DEBUG}, {@code TRACE})
 * in the configuration and in the output.
 */
public final class AgentLogging {

    private AgentLogging() {
    }

    /**
     * Makes {@link AgentLogManager} the process's log manager, so that the agent can log while it
     * stops. Must run before anything logs; later calls change nothing.
     */
    public static void install() {
        System.setProperty("java.util.logging.manager", AgentLogManager.class.getName());
    }

    /**
     * Replaces every handler of the root logger with one that writes to {@code stream}, and sets
     * the root level. Loggers that have their own level or handlers keep them.
     *
     * @param level the least severe level written
     * @param stream where lines go, normally {@link System#err}
     */
    public static void configure(Level level, PrintStream stream) {
        Logger root = Logger.getLogger("");
        for (Handler existing : root.getHandlers()) {
            root.removeHandler(existing);
            existing.close();
        }
        root.setLevel(level);
        Handler handler = new FlushingHandler(stream);
        handler.setLevel(level);
        root.addHandler(handler);
    }

    /**
     * @param name a level name: ERROR, WARN, INFO, DEBUG or TRACE, in any case
     * @return the java.util.logging level
     * @throws IllegalArgumentException for any other name
     */
    public static Level parseLevel(String name) {
        return switch (name.trim().toUpperCase(Locale.ROOT)) {
            case "ERROR" -> Level.SEVERE;
            case "WARN", "WARNING" -> Level.WARNING;
            case "INFO" -> Level.INFO;
            case "DEBUG" -> Level.FINE;
            case "TRACE" -> Level.FINEST;
            default -> throw new IllegalArgumentException(
                    "unknown log level '" + name + "' (expected ERROR, WARN, INFO, DEBUG or TRACE)");
        };
    }

    /** A stream handler that flushes after each line, so the journal sees it at once. */
    private static final class FlushingHandler extends StreamHandler {

        FlushingHandler(PrintStream stream) {
            super(stream, new KeyValueFormatter());
            try {
                setEncoding("UTF-8");
            } catch (UnsupportedEncodingException impossible) {
                throw new IllegalStateException(impossible);
            }
        }

        @Override
        public synchronized void publish(LogRecord record) {
            super.publish(record);
            flush();
        }

        @Override
        public synchronized void close() {
            flush();
        }
    }
}
