package io.vigie.agent.testing;

import io.vigie.agent.log.KeyValueFormatter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Collects the formatted log lines of a logger (and its children) during a test, through the
 * agent's real formatter, so that a test can assert what an operator would read.
 */
public final class LogCapture extends Handler implements AutoCloseable {

    private final Logger logger;
    private final Level previousLevel;
    private final KeyValueFormatter formatter = new KeyValueFormatter();
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private LogCapture(Logger logger) {
        this.logger = logger;
        this.previousLevel = logger.getLevel();
        setLevel(Level.ALL);
        logger.setLevel(Level.ALL);
        logger.addHandler(this);
    }

    /**
     * @param name a logger name, or "" for every logger
     * @return a capture, attached until closed
     */
    public static LogCapture of(String name) {
        return new LogCapture(Logger.getLogger(name));
    }

    /** @return the lines so far */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    /**
     * @param fragment text to look for
     * @return how many lines contain it
     */
    public long count(String fragment) {
        return lines.stream().filter(line -> line.contains(fragment)).count();
    }

    @Override
    public void publish(LogRecord record) {
        lines.add(formatter.format(record).strip());
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
        logger.setLevel(previousLevel);
    }
}
