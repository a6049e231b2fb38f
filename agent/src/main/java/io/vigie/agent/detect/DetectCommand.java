package io.vigie.agent.detect;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code vigie-agent detect [--rules DIR] FILE...}: runs every rule (the built-in ones, with those
 * of {@code DIR} applied as the agent applies {@code /etc/vigie/detect.d}) over whole files, each
 * line through the same reader as the agent's ({@link FollowedFile}: 16 KiB cut, UTF-8 repaired),
 * and prints per rule the matching lines, the distinct addresses in them, the triggered scenarios
 * and the distinct addresses they would ban, then the throughput. For operators testing a rule
 * and for benchmarks. The files are streamed; events are timed by the wall clock, so a replay
 * hardly leaks and the triggers are an upper bound of what the agent would do live.
 */
public final class DetectCommand {

    /** What one rule did. */
    private static final class Stats {
        long events;
        long triggers;
        final Set<String> addresses = new HashSet<>();
        final Set<String> banned = new HashSet<>();
    }

    private final PrintStream out;

    /** @param out where the table goes */
    public DetectCommand(PrintStream out) {
        this.out = out;
    }

    /**
     * @param rules the rules to run
     * @param files the files to read, each from its start
     * @throws IOException when a file cannot be read
     */
    public void run(RuleSet rules, List<Path> files) throws IOException {
        Map<String, Stats> stats = new LinkedHashMap<>();
        rules.rules().forEach(rule -> stats.put(rule.name(), new Stats()));
        stats.put(RepeatOffenders.RULE, new Stats());
        Detector detector = new Detector(rules, Clock.systemUTC(), detection -> {
            Stats s = stats.get(detection.rule());
            s.triggers++;
            s.banned.add(detection.address());
        }, (rule, match) -> {
            Stats s = stats.get(rule.name());
            s.events++;
            s.addresses.add(match.address());
        });
        long[] lines = {0};
        FollowedFile.LineSink sink = (file, bytes, from, length) -> {
            lines[0]++;
            detector.line(bytes, from, length);
        };
        ByteBuffer buffer = ByteBuffer.allocate(256 * 1024);
        long started = System.nanoTime();
        for (Path path : files) {
            try (FollowedFile file = FollowedFile.open(path, FileIdentity.of(path), 0, false)) {
                if (file == null) {
                    throw new IOException(path + " was replaced while being opened");
                }
                file.read(buffer, sink, Long.MAX_VALUE);
                file.flush(sink);
            }
        }
        double seconds = Math.max(1e-9, (System.nanoTime() - started) / 1e9);
        print(stats, lines[0], seconds, detector.overBudget());
    }

    private void print(Map<String, Stats> stats, long lines, double seconds, Map<String, Long> overBudget) {
        out.printf(Locale.ROOT, "%-26s %10s %10s %9s %9s%n", "rule", "events", "addresses", "triggers", "banned");
        Set<String> addresses = new HashSet<>();
        Set<String> banned = new HashSet<>();
        stats.forEach((rule, s) -> {
            out.printf(Locale.ROOT, "%-26s %10d %10d %9d %9d%n", rule, s.events, s.addresses.size(), s.triggers,
                    s.banned.size());
            addresses.addAll(s.addresses);
            banned.addAll(s.banned);
        });
        out.printf(Locale.ROOT, "%-26s %10s %10d %9s %9d%n", "all rules", "", addresses.size(), "", banned.size());
        overBudget.forEach((rule, count) -> out.printf(Locale.ROOT, "skipped past the regex budget: %s %d lines%n",
                rule, count));
        out.printf(Locale.ROOT, "%d lines in %.2f s: %.0f lines/s%n", lines, seconds, lines / seconds);
    }
}
