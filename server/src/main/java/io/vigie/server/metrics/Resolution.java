package io.vigie.server.metrics;

import java.time.Duration;

/** The resolutions the store keeps: every sample, 5-minute and 1-hour rollups. */
public enum Resolution {
    /** Every sample (plain and in compressed blocks of 6 hours). */
    RAW(Duration.ZERO, Duration.ofHours(6)),
    /** 5-minute rollups, in blocks of a day. */
    FIVE_MINUTES(Duration.ofMinutes(5), Duration.ofDays(1)),
    /** 1-hour rollups, in blocks of 7 days. */
    ONE_HOUR(Duration.ofHours(1), Duration.ofDays(7));

    private final Duration bucket;
    private final Duration blockPeriod;

    Resolution(Duration bucket, Duration blockPeriod) {
        this.bucket = bucket;
        this.blockPeriod = blockPeriod;
    }

    /** @return the width of a bucket; zero for raw samples */
    public Duration bucket() {
        return bucket;
    }

    /**
     * @return the period one compressed block holds, aligned on the epoch; each is a multiple of
     *         the raw one, so that a raw block's window lies in one block of each rollup
     */
    public Duration blockPeriod() {
        return blockPeriod;
    }
}
