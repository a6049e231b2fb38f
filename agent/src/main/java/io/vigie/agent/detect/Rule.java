package io.vigie.agent.detect;

import io.vigie.agent.facts.NetworkAddresses;
import java.net.InetAddress;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One validated detection rule (format: {@code docs/detection.md}), built by {@link RuleParser}:
 * its patterns compiled and checked, its scenario and ban in range.
 *
 * <p>Invariants: every pattern has an {@code ip} group, the group-by group and, when set, the
 * distinct group; no pattern failed {@link BacktrackingCheck}. A disabled rule ({@code enabled:
 * false}) only hides the built-in rule of the same name and has no pattern.
 *
 * @param name unique name, {@code [a-z0-9-]+}
 * @param description what it detects
 * @param enabled false for an operator file that disables a built-in rule
 * @param files the files (or globs) it reads
 * @param journal the systemd units whose journal it reads
 * @param patterns the line patterns, tried in order; the first that matches counts
 * @param prefilter literals (ASCII case ignored) one of which a line must contain to be tried;
 *     empty to try every line ({@link Prefilter} checks them, {@link #match} does not)
 * @param scenario the leaky bucket
 * @param ban what a trigger asks for
 */
public record Rule(String name, String description, boolean enabled, List<String> files, List<String> journal,
                   List<Pattern> patterns, List<String> prefilter, Scenario scenario, Ban ban) {

    /** Copies the lists. */
    public Rule {
        files = List.copyOf(files);
        journal = List.copyOf(journal);
        patterns = List.copyOf(patterns);
        prefilter = List.copyOf(prefilter);
    }

    /**
     * A leaky bucket: one per value of the group-by group.
     *
     * @param groupBy the group whose value keys the buckets, usually {@code ip}
     * @param capacity the events a bucket holds; the next one triggers
     * @param leakEvery one event leaks out every this long
     * @param distinct the group whose distinct values are counted instead of events, or {@code null}
     */
    public record Scenario(String groupBy, int capacity, Duration leakEvery, String distinct) {
    }

    /**
     * @param duration how long the address stays banned
     * @param network true to ban the address's network (/24 or /64) rather than the address
     */
    public record Ban(Duration duration, boolean network) {
    }

    /**
     * One line this rule recognised.
     *
     * @param address the attacker's address, in its usual text form
     * @param group the value of the group-by group
     * @param distinct the value of the distinct group, or {@code null}
     */
    public record Match(String address, String group, String distinct) {
    }

    /**
     * @param line a log line (that passed the prefilter)
     * @return the match, or {@code null} when no pattern matches or the address is not an IP literal
     * @throws BudgetedText.BudgetExceeded when a pattern reads the line too many times
     */
    public Match match(String line) {
        return new Matching().match(line);
    }

    /**
     * The state of matching this rule's patterns, reused line after line by one thread so that
     * matching allocates nothing but the match.
     */
    public final class Matching {

        private final BudgetedText text = new BudgetedText("");
        private final Matcher[] matchers = patterns.stream().map(pattern -> pattern.matcher("")).toArray(Matcher[]::new);

        /** @return the rule */
        public Rule rule() {
            return Rule.this;
        }

        /**
         * @param line a log line (that passed the prefilter)
         * @return the match, or {@code null} when no pattern matches or the address is not an IP literal
         * @throws BudgetedText.BudgetExceeded when a pattern reads the line too many times
         */
        public Match match(String line) {
            for (Matcher matcher : matchers) {
                matcher.reset(text.reset(line));
                if (matcher.find()) {
                    String address = address(matcher.group("ip"));
                    if (address == null) {
                        return null;
                    }
                    String group = scenario.groupBy().equals("ip") ? address : matcher.group(scenario.groupBy());
                    return new Match(address, group == null ? "" : group,
                            scenario.distinct() == null ? null : String.valueOf(matcher.group(scenario.distinct())));
                }
            }
            return null;
        }
    }

    /**
     * @param path a log file
     * @return whether this rule reads it (its {@code files}, globs included)
     */
    public boolean reads(Path path) {
        for (String file : files) {
            if (file.equals(path.toString()) || glob(file).matches(path)) {
                return true;
            }
        }
        return false;
    }

    /** @return whether the text is four decimal numbers 0 to 255 without leading zeros: already its usual form */
    private static boolean isPlainIpv4(String text) {
        int parts = 0;
        int i = 0;
        int n = text.length();
        while (i < n) {
            int start = i;
            int value = 0;
            while (i < n && text.charAt(i) >= '0' && text.charAt(i) <= '9' && i - start < 3) {
                value = value * 10 + text.charAt(i++) - '0';
            }
            int digits = i - start;
            if (digits == 0 || value > 255 || (digits > 1 && text.charAt(start) == '0')) {
                return false;
            }
            parts++;
            if (i < n && (text.charAt(i++) != '.' || i == n)) {
                return false;
            }
        }
        return parts == 4;
    }

    private static PathMatcher glob(String pattern) {
        return FileSystems.getDefault().getPathMatcher("glob:" + pattern);
    }

    /** @return the address in its usual form (IPv4-mapped IPv6 as IPv4), or {@code null} if not an IP literal */
    static String address(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        if (isPlainIpv4(text)) {
            return text;
        }
        try {
            return NetworkAddresses.text(InetAddress.ofLiteral(text));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
