package io.vigie.server.platform;

import java.sql.Timestamp;
import java.time.Instant;

/**
 * Conversions between {@link Instant} and JDBC {@link Timestamp}, null-safe, for the hand-written
 * SQL of every repository (the PostgreSQL driver does not bind {@code Instant} directly).
 */
public final class SqlTime {

    private SqlTime() {
    }

    /**
     * @param t a timestamp read from a result set, or null
     * @return the instant, or null
     */
    public static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    /**
     * @param i an instant to bind, or null
     * @return the timestamp, or null
     */
    public static Timestamp timestamp(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }
}
