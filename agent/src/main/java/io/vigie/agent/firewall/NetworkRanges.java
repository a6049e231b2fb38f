package io.vigie.agent.firewall;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns network bans of one address family, which may nest (a /24 inside a /16), into disjoint
 * ranges, each with the latest end of the bans covering it.
 *
 * <p>An nftables interval set refuses overlapping elements ("interval overlaps with an existing
 * one", which fails the whole transaction), so nested networks cannot be added as they are. The
 * result holds, for every address, exactly the latest expiry among the bans that cover it:
 * a /16 until 10:00 with a /24 inside until 12:00 becomes the /24 until 12:00 and the rest of
 * the /16, in two ranges, until 10:00. Adjacent ranges with the same end are merged.
 */
final class NetworkRanges {

    /**
     * One element of an interval set.
     *
     * @param first the first address, as an unsigned number
     * @param last the last address, included
     * @param expires when it ends
     */
    record Range(BigInteger first, BigInteger last, Instant expires) {
    }

    private NetworkRanges() {
    }

    /**
     * @param bans network bans of one family
     * @return disjoint ranges in address order
     */
    static List<Range> of(List<Ban> bans) {
        TreeSet<BigInteger> bounds = new TreeSet<>();
        TreeMap<BigInteger, List<Ban>> starting = new TreeMap<>();
        TreeMap<BigInteger, List<Ban>> ending = new TreeMap<>();
        for (Ban ban : bans) {
            BigInteger first = ban.target().first();
            BigInteger after = ban.target().last().add(BigInteger.ONE);
            bounds.add(first);
            bounds.add(after);
            starting.computeIfAbsent(first, k -> new ArrayList<>()).add(ban);
            ending.computeIfAbsent(after, k -> new ArrayList<>()).add(ban);
        }
        List<Range> ranges = new ArrayList<>();
        TreeMap<Instant, Integer> active = new TreeMap<>(Comparator.naturalOrder());
        BigInteger previous = null;
        for (BigInteger bound : bounds) {
            if (previous != null && !active.isEmpty()) {
                append(ranges, new Range(previous, bound.subtract(BigInteger.ONE), active.lastKey()));
            }
            for (Ban ban : ending.getOrDefault(bound, List.of())) {
                active.computeIfPresent(ban.expires(), (k, n) -> n == 1 ? null : n - 1);
            }
            for (Ban ban : starting.getOrDefault(bound, List.of())) {
                active.merge(ban.expires(), 1, Integer::sum);
            }
            previous = bound;
        }
        return ranges;
    }

    private static void append(List<Range> ranges, Range range) {
        if (!ranges.isEmpty()) {
            Range last = ranges.getLast();
            if (last.expires().equals(range.expires()) && last.last().add(BigInteger.ONE).equals(range.first())) {
                ranges.set(ranges.size() - 1, new Range(last.first(), range.last(), range.expires()));
                return;
            }
        }
        ranges.add(range);
    }
}
