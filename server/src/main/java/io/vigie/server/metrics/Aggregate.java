package io.vigie.server.metrics;

/**
 * The aggregate of samples kept by a rollup bucket or computed for a query step: enough to give
 * the average, the extremes, and for a counter the rate between two buckets.
 *
 * @param min smallest value
 * @param max largest value
 * @param sum sum of the values
 * @param count number of values
 * @param last value of the latest sample
 * @param lastAt time of the latest sample, epoch milliseconds
 */
record Aggregate(double min, double max, double sum, long count, double last, long lastAt) {

    /** @return the aggregate of one sample */
    static Aggregate of(long at, double value) {
        return new Aggregate(value, value, value, 1, value, at);
    }

    /**
     * @return the aggregate of the samples of both (null stands for none); sums of decimals are
     *         added as decimals ({@link BlockColumns#decimalSum}), so that they stay exact and
     *         compact in a {@link RollupBlock}
     */
    static Aggregate combine(Aggregate a, Aggregate b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        boolean bLater = b.lastAt >= a.lastAt;
        return new Aggregate(Math.min(a.min, b.min), Math.max(a.max, b.max), BlockColumns.decimalSum(a.sum, b.sum),
                a.count + b.count, bLater ? b.last : a.last, bLater ? b.lastAt : a.lastAt);
    }

    /** @return the average of the values */
    double avg() {
        return sum / count;
    }
}
