package io.vigie.agent.detect;

import io.vigie.agent.log.Event;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The engine: runs the rules over lines, feeds each rule's {@link Buckets} and the
 * {@link RepeatOffenders}, and hands every detection to the listener. A line comes as bytes: the
 * {@link Prefilter} scans them for all rules at once, and the line is decoded (UTF-8, malformed
 * bytes as U+FFFD) only when a rule may match. Events are timed by the clock when the line is
 * read.
 *
 * <p>Invariants: at most {@link #MAX_BUCKETS} buckets in all, shared equally among the rules (so
 * memory does not grow with the number of rules); a line whose match runs past its budget
 * ({@link BudgetedText}) is skipped for that rule and counted. Not thread-safe: one thread feeds
 * it (the agent's detection thread, or the {@code detect} command).
 */
public final class Detector {

    /** The most buckets held by all rules together. */
    public static final int MAX_BUCKETS = 100_000;

    private static final System.Logger LOG = System.getLogger(Detector.class.getName());

    /** Sees every match, e.g. to count them; called before the bucket is fed. */
    public interface MatchObserver {
        /**
         * @param rule the rule that matched
         * @param match what it matched
         */
        void matched(Rule rule, Rule.Match match);
    }

    private final Clock clock;
    private final DetectionListener listener;
    private final MatchObserver observer;
    private final RepeatOffenders repeatOffenders = new RepeatOffenders();
    private final Map<Path, int[]> rulesBySource = new HashMap<>();
    private final Map<String, int[]> rulesByUnit = new HashMap<>();
    private int[] allRules;
    private Prefilter prefilter;
    private final Map<String, Long> overBudget = new HashMap<>();
    private RuleSet rules;
    private Map<String, Buckets> buckets = new HashMap<>();
    private Rule.Matching[] matchings;

    /**
     * @param rules the rules
     * @param clock times the events
     * @param listener receives the detections
     * @param observer sees every match
     */
    public Detector(RuleSet rules, Clock clock, DetectionListener listener, MatchObserver observer) {
        this.clock = clock;
        this.listener = listener;
        this.observer = observer;
        replace(rules);
    }

    /**
     * Puts other rules in force. The buckets of a rule whose scenario is unchanged are kept.
     *
     * @param next the new rules
     */
    public void replace(RuleSet next) {
        int share = Math.max(1, MAX_BUCKETS / Math.max(1, next.rules().size()));
        Map<String, Buckets> kept = new HashMap<>();
        for (Rule rule : next.rules()) {
            Rule old = rules == null ? null : find(rules, rule.name());
            boolean same = old != null && old.scenario().equals(rule.scenario());
            Buckets ruleBuckets = same ? buckets.get(rule.name()) : new Buckets(share);
            ruleBuckets.limit(share);
            kept.put(rule.name(), ruleBuckets);
        }
        rules = next;
        buckets = kept;
        rulesBySource.clear();
        rulesByUnit.clear();
        allRules = IntStream.range(0, next.rules().size()).toArray();
        prefilter = new Prefilter(next.rules());
        matchings = next.rules().stream().map(rule -> rule.new Matching()).toArray(Rule.Matching[]::new);
    }

    /** @return the rules in force */
    public RuleSet rules() {
        return rules;
    }

    /**
     * Runs the rules that read {@code source} over one of its lines.
     *
     * @param source the file the line comes from
     * @param bytes holds the line, UTF-8 (malformed bytes are read as U+FFFD)
     * @param from where it starts
     * @param length its length, without the line break
     */
    public void line(Path source, byte[] bytes, int from, int length) {
        int[] reading = rulesBySource.computeIfAbsent(source,
                path -> allRules().filter(i -> rules.rules().get(i).reads(path)).toArray());
        line(reading, bytes, from, length);
    }

    /**
     * Runs the rules that read a unit's journal over one of its entries.
     *
     * @param unit the unit that logged the entry, or {@code null} (no rule reads it)
     * @param line the entry as a syslog-like line ({@link JournalEntry}), UTF-8
     */
    public void journalLine(String unit, byte[] line) {
        if (unit == null) {
            return;
        }
        int[] reading = rulesByUnit.computeIfAbsent(unit,
                name -> allRules().filter(i -> rules.rules().get(i).journal().contains(name)).toArray());
        line(reading, line, 0, line.length);
    }

    /**
     * Runs every rule over a line, whatever its source (the {@code detect} command).
     *
     * @param bytes holds the line, UTF-8
     * @param from where it starts
     * @param length its length
     */
    public void line(byte[] bytes, int from, int length) {
        line(allRules, bytes, from, length);
    }

    /**
     * Runs every rule over a line, whatever its source.
     *
     * @param line the line
     */
    public void line(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        line(allRules, bytes, 0, bytes.length);
    }

    private IntStream allRules() {
        return Arrays.stream(allRules);
    }

    private void line(int[] reading, byte[] bytes, int from, int length) {
        if (reading.length == 0) {
            return;
        }
        prefilter.scan(bytes, from, length);
        String line = null;
        for (int index : reading) {
            Rule rule = matchings[index].rule();
            if (!rule.prefilter().isEmpty() && !prefilter.hit(index)) {
                continue;
            }
            if (line == null) {
                line = new String(bytes, from, length, StandardCharsets.UTF_8);
            }
            Rule.Match match;
            try {
                match = matchings[index].match(line);
            } catch (BudgetedText.BudgetExceeded e) {
                overBudget(rule);
                continue;
            }
            if (match != null) {
                observer.matched(rule, match);
                Instant now = clock.instant();
                Detection detection = buckets.get(rule.name()).add(rule, match, line, now);
                if (detection != null) {
                    listener.triggered(detection);
                    Detection repeat = repeatOffenders.record(detection);
                    if (repeat != null) {
                        listener.triggered(repeat);
                    }
                }
            }
        }
    }

    /** Removes the buckets that have leaked empty and the repeat offenders' old detections. */
    public void evictIdle() {
        Instant now = clock.instant();
        for (Rule rule : rules.rules()) {
            buckets.get(rule.name()).evictIdle(rule, now);
        }
        repeatOffenders.evictIdle(now);
    }

    /** @return how many buckets all rules hold */
    public int bucketCount() {
        return buckets.values().stream().mapToInt(Buckets::size).sum();
    }

    /** @return the lines skipped past their budget, by rule */
    public Map<String, Long> overBudget() {
        return Map.copyOf(overBudget);
    }

    private void overBudget(Rule rule) {
        long count = overBudget.merge(rule.name(), 1L, Long::sum);
        if (Long.toString(count).matches("10*")) {
            LOG.log(Level.WARNING, Event.of("detect.pattern-over-budget", "rule", rule.name(), "lines", count));
        }
    }

    private static Rule find(RuleSet set, String name) {
        return set.rules().stream().filter(rule -> rule.name().equals(name)).findFirst().orElse(null);
    }
}
