package io.vigie.agent.transport;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential back-off with jitter for retries against the control plane: the base delay starts
 * at {@code initial}, doubles after each failure up to {@code max}, and goes back to
 * {@code initial} after a success. Each delay is drawn uniformly between half the base and the
 * base, so that agents cut off together do not all come back in the same second.
 *
 * <p>Not thread-safe: one sender owns one back-off.
 */
public final class Backoff {

    private final long initialNanos;
    private final long maxNanos;
    private final RandomGenerator random;
    private long baseNanos;

    /**
     * @param initial the first delay, positive
     * @param max the longest delay, at least {@code initial}
     * @param random the source of jitter
     */
    public Backoff(Duration initial, Duration max, RandomGenerator random) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("back-off needs 0 < initial <= max");
        }
        this.initialNanos = initial.toNanos();
        this.maxNanos = max.toNanos();
        this.random = random;
        this.baseNanos = initialNanos;
    }

    /** @return the agent's standard back-off: 1 s doubling to 60 s */
    public static Backoff standard() {
        return new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), RandomGenerator.getDefault());
    }

    /** @return how long to wait before the next attempt; the next call returns about twice as long */
    public Duration next() {
        long base = baseNanos;
        baseNanos = Math.min(maxNanos, base > maxNanos / 2 ? maxNanos : base * 2);
        long half = base / 2;
        return Duration.ofNanos(half + random.nextLong(base - half + 1));
    }

    /** Starts again from the initial delay, after a success. */
    public void reset() {
        baseNanos = initialNanos;
    }
}
