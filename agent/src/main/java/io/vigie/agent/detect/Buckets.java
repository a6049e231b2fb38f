package io.vigie.agent.detect;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The leaky buckets of one rule, one per value of its group-by group. A bucket's level grows by
 * one per event (or per new value of the distinct group) and leaks one unit every
 * {@code leakEvery}; the event that takes it above the capacity triggers the scenario and empties
 * it.
 *
 * <p>Invariants: at most {@code maxBuckets} buckets, the least recently fed evicted first; a
 * bucket holds at most {@code capacity + 1} distinct values and 2 sample lines of at most
 * {@link #SAMPLE_CHARS} characters, the samples only once its level is within 2 of the capacity
 * (so that the many buckets of single events hold no line). Not thread-safe: used by the
 * engine's thread only.
 */
final class Buckets {

    /** The longest sample line kept. */
    static final int SAMPLE_CHARS = 512;

    private int maxBuckets;
    private final Map<String, Bucket> buckets;

    /** One group value's bucket. */
    private static final class Bucket {
        double level;
        long lastMillis;
        int events;
        Set<String> distinct;
        List<String> samples;

        void empty() {
            level = 0;
            events = 0;
            distinct = null;
            samples = null;
        }
    }

    /** @param maxBuckets the most buckets kept */
    Buckets(int maxBuckets) {
        this.maxBuckets = maxBuckets;
        this.buckets = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                return size() > Buckets.this.maxBuckets;
            }
        };
    }

    /**
     * Feeds one event.
     *
     * @param rule the rule (its scenario and ban)
     * @param match the event
     * @param line the line, for the samples
     * @param now the event's time
     * @return the detection when the event overflows the bucket, else {@code null}
     */
    Detection add(Rule rule, Rule.Match match, String line, Instant now) {
        Rule.Scenario scenario = rule.scenario();
        Bucket bucket = buckets.computeIfAbsent(match.group(), key -> new Bucket());
        long nowMillis = now.toEpochMilli();
        leak(bucket, scenario, nowMillis);
        bucket.lastMillis = nowMillis;
        if (match.distinct() != null) {
            if (bucket.distinct == null) {
                bucket.distinct = new HashSet<>();
            }
            if (bucket.distinct.contains(match.distinct())) {
                return null;
            }
            if (bucket.distinct.size() <= scenario.capacity()) {
                bucket.distinct.add(match.distinct());
            }
        }
        bucket.level += 1;
        bucket.events++;
        if (bucket.level <= scenario.capacity()) {
            if (bucket.level > scenario.capacity() - 2) {
                if (bucket.samples == null) {
                    bucket.samples = new ArrayList<>(3);
                }
                bucket.samples.add(cut(line));
                if (bucket.samples.size() > 2) {
                    bucket.samples.removeFirst();
                }
            }
            return null;
        }
        List<String> samples = new ArrayList<>(bucket.samples == null ? List.of() : bucket.samples);
        samples.add(cut(line));
        Detection detection = new Detection(rule.name(), match.address(), rule.ban().duration(), rule.ban().network(),
                now, bucket.events, samples);
        buckets.remove(match.group());
        return detection;
    }

    /**
     * Removes the buckets that have leaked empty.
     *
     * @param rule the rule whose buckets these are
     * @param now the current time
     * @return how many were removed
     */
    int evictIdle(Rule rule, Instant now) {
        int removed = 0;
        long nowMillis = now.toEpochMilli();
        for (Iterator<Bucket> it = buckets.values().iterator(); it.hasNext(); ) {
            Bucket bucket = it.next();
            leak(bucket, rule.scenario(), nowMillis);
            if (bucket.level == 0) {
                it.remove();
                removed++;
            }
        }
        return removed;
    }

    /**
     * Changes the most buckets kept, evicting the least recently fed ones beyond it.
     *
     * @param max the most buckets kept
     */
    void limit(int max) {
        maxBuckets = max;
        for (Iterator<String> it = buckets.keySet().iterator(); buckets.size() > max && it.hasNext(); ) {
            it.next();
            it.remove();
        }
    }

    /** @return the number of buckets */
    int size() {
        return buckets.size();
    }

    private static void leak(Bucket bucket, Rule.Scenario scenario, long nowMillis) {
        if (bucket.level == 0) {
            return;
        }
        double leaked = (double) Math.max(0, nowMillis - bucket.lastMillis) / scenario.leakEvery().toMillis();
        bucket.level -= leaked;
        bucket.lastMillis = nowMillis;
        // Leaking in several steps adds rounding errors: a level this small is empty.
        if (bucket.level <= 1e-9) {
            bucket.empty();
        }
    }

    private static String cut(String line) {
        return line.length() <= SAMPLE_CHARS ? line : line.substring(0, SAMPLE_CHARS);
    }
}
