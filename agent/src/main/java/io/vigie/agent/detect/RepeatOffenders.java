package io.vigie.agent.detect;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The built-in meta-scenario over the engine's own detections: an address that triggers
 * {@link #TRIGGERS} scenarios (the same one or different ones) within {@link #WINDOW} is a repeat
 * offender, banned for {@link #BAN}. Its own detections do not count.
 *
 * <p>Invariants: at most {@link #MAX_ADDRESSES} addresses remembered (the least recently seen
 * evicted first), each with at most {@code TRIGGERS - 1} detections, all within the window.
 * Not thread-safe: used by the engine's thread only.
 */
final class RepeatOffenders {

    /** The rule name of its detections. */
    static final String RULE = "repeat-offender";
    static final int TRIGGERS = 3;
    static final Duration WINDOW = Duration.ofHours(24);
    static final Duration BAN = Duration.ofDays(7);
    static final int MAX_ADDRESSES = 100_000;

    /** The recent detections of each address: the rule and when. */
    private final Map<String, Deque<Detection>> recent = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Deque<Detection>> eldest) {
            return size() > MAX_ADDRESSES;
        }
    };

    /**
     * @param detection a detection of a scenario
     * @return the repeat-offender detection it completes, or {@code null}
     */
    Detection record(Detection detection) {
        if (detection.rule().equals(RULE)) {
            return null;
        }
        Deque<Detection> previous = recent.computeIfAbsent(detection.address(), address -> new ArrayDeque<>());
        forget(previous, detection.at());
        if (previous.size() + 1 < TRIGGERS) {
            previous.addLast(withoutSamples(detection));
            return null;
        }
        recent.remove(detection.address());
        List<String> samples = new ArrayList<>();
        previous.forEach(d -> samples.add(d.rule() + " at " + d.at()));
        samples.add(detection.rule() + " at " + detection.at());
        return new Detection(RULE, detection.address(), BAN, false, detection.at(), TRIGGERS, samples);
    }

    /**
     * Forgets the detections older than the window.
     *
     * @param now the current time
     */
    void evictIdle(Instant now) {
        recent.values().removeIf(previous -> {
            forget(previous, now);
            return previous.isEmpty();
        });
    }

    /** @return the number of addresses remembered */
    int size() {
        return recent.size();
    }

    private static void forget(Deque<Detection> previous, Instant now) {
        Instant since = now.minus(WINDOW);
        while (!previous.isEmpty() && !previous.peekFirst().at().isAfter(since)) {
            previous.removeFirst();
        }
    }

    private static Detection withoutSamples(Detection d) {
        return new Detection(d.rule(), d.address(), d.banFor(), d.network(), d.at(), d.events(), List.of());
    }
}
