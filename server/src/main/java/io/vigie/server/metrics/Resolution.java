package io.vigie.server.metrics;

import java.time.Duration;

/** The resolutions the store keeps: every sample, 5-minute and 1-hour rollups. */
public enum Resolution {
    /** Every sample (plain and in compressed blocks). */
    RAW(Duration.ZERO),
    /** 5-minute rollups. */
    FIVE_MINUTES(Duration.ofMinutes(5)),
    /** 1-hour rollups. */
    ONE_HOUR(Duration.ofHours(1));

    private final Duration bucket;

    Resolution(Duration bucket) {
        this.bucket = bucket;
    }

    /** @return the width of a bucket; zero for raw samples */
    public Duration bucket() {
        return bucket;
    }
}
