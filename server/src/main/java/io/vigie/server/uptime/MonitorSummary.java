package io.vigie.server.uptime;

import java.time.Instant;

/**
 * A monitor as the list shows it: its state, its last response time and its uptime over 24 h.
 *
 * @param monitor the monitor
 * @param state up, down or unknown (never checked, or not checked any more)
 * @param lastCheckAt when its last outcome was observed, or null
 * @param lastResponseMs the response time of its last outcome, or null
 * @param uptime24h the share of successful outcomes over 24 h, 0 to 1; null without outcomes
 */
public record MonitorSummary(Monitor monitor, State state, Instant lastCheckAt, Integer lastResponseMs,
        Double uptime24h) {

    /** What the last outcome of a monitor says. */
    public enum State {
        /** The last check succeeded. */
        UP,
        /** The last check failed, confirmed by its retry. */
        DOWN,
        /** Not checked yet, disabled or archived. */
        UNKNOWN
    }
}
