package io.vigie.agent.firewall;

import io.vigie.agent.firewall.NetworkRanges.Range;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;

/**
 * The agent's own nftables table, {@code inet vigie}, and the scripts that change it. Each
 * operation is one {@code nft -f -} transaction: applied whole or not at all.
 *
 * <pre>
 * table inet vigie {
 *   set ban4 { type ipv4_addr; flags timeout; }            single addresses
 *   set ban6 { type ipv6_addr; flags timeout; }
 *   set net4 { type ipv4_addr; flags interval, timeout; }  networks
 *   set net6 { type ipv6_addr; flags interval, timeout; }
 *   chain input   { type filter hook input   priority -10; policy accept; ip saddr @ban4 drop; ip saddr @net4 drop; ip6 ... }
 *   chain forward { type filter hook forward priority -10; policy accept; ... }
 * }
 * </pre>
 *
 * <p>Invariants: every script names the table {@code inet vigie} in each command and no other
 * table; every address in a script is a {@link BanTarget}'s canonical text; every element has a
 * timeout of at least one second and at most {@link #MAX_TIMEOUT}, rounded up from the ban's
 * remaining time, and expired bans are left out. Addresses and networks are in separate sets
 * because an interval set refuses overlapping elements: an address inside a banned /24 would
 * fail the whole transaction. Network sets are always rewritten whole from all network bans
 * ({@link NetworkRanges}).
 */
public final class NftTable {

    /** The table's name, in the {@code inet} family (IPv4 and IPv6). */
    public static final String TABLE = "inet vigie";

    /** The longest element timeout the kernel is given; a longer ban is refreshed by the next resync. */
    public static final Duration MAX_TIMEOUT = Duration.ofDays(365);

    /** Elements per {@code add element} line, to keep lines short. */
    private static final int ELEMENTS_PER_LINE = 1000;

    private static final List<String> LAYOUT = List.of(
            "add table " + TABLE,
            "add set " + TABLE + " ban4 { type ipv4_addr; flags timeout; }",
            "add set " + TABLE + " ban6 { type ipv6_addr; flags timeout; }",
            "add set " + TABLE + " net4 { type ipv4_addr; flags interval, timeout; }",
            "add set " + TABLE + " net6 { type ipv6_addr; flags interval, timeout; }",
            "add chain " + TABLE + " input { type filter hook input priority -10; policy accept; }",
            "add chain " + TABLE + " forward { type filter hook forward priority -10; policy accept; }");

    private final Nft nft;

    /**
     * @param binary the nft command, {@code /usr/sbin/nft} in production
     * @param timeout the longest one nft run may take
     */
    public NftTable(Path binary, Duration timeout) {
        this.nft = new Nft(binary, timeout);
    }

    /** @return the table on {@code /usr/sbin/nft}, with a 30 s timeout per run */
    public static NftTable standard() {
        return new NftTable(Nft.DEFAULT_BINARY, Duration.ofSeconds(30));
    }

    /** @return the nft command this table runs */
    public Path binary() {
        return nft.binary();
    }

    /**
     * Creates the table, its sets and chains when missing, and sets the chains' rules; keeps the
     * sets' elements. Idempotent.
     *
     * @throws NftException when nft fails
     */
    public void ensure() throws NftException {
        nft.apply(script(layout()));
    }

    /**
     * Bans single addresses, replacing the remaining time of those already banned.
     *
     * @param bans bans of single addresses
     * @param now the current time (expired bans are left out)
     * @throws NftException when nft fails; nothing is changed then
     * @throws IllegalArgumentException when a ban is of a network
     */
    public void addAddresses(Collection<Ban> bans, Instant now) throws NftException {
        requireSingle(bans.stream().map(Ban::target).toList());
        List<String> lines = new ArrayList<>();
        for (boolean ipv4 : new boolean[] {true, false}) {
            List<Ban> family = bans.stream().filter(b -> b.target().ipv4() == ipv4 && !b.expiredAt(now)).toList();
            List<String> plain = family.stream().map(b -> b.target().text()).toList();
            // "add" then "delete" never fails, whether the element exists or not; the last "add"
            // then sets the new timeout (a plain "add" of an existing element keeps the old one).
            elements(lines, "add", addressSet(ipv4), plain);
            elements(lines, "delete", addressSet(ipv4), plain);
            elements(lines, "add", addressSet(ipv4), family.stream().map(b -> b.target().text() + timeout(b, now)).toList());
        }
        apply(lines);
    }

    /**
     * Lifts bans of single addresses; an address not in the table is no error.
     *
     * @param targets single addresses
     * @throws NftException when nft fails; nothing is changed then
     * @throws IllegalArgumentException when a target is a network
     */
    public void removeAddresses(Collection<BanTarget> targets) throws NftException {
        requireSingle(targets);
        List<String> lines = new ArrayList<>();
        for (boolean ipv4 : new boolean[] {true, false}) {
            List<String> family = targets.stream().filter(t -> t.ipv4() == ipv4).map(BanTarget::text).toList();
            elements(lines, "add", addressSet(ipv4), family);
            elements(lines, "delete", addressSet(ipv4), family);
        }
        apply(lines);
    }

    /**
     * Replaces the network sets' elements with the given network bans, in one transaction.
     *
     * @param bans every network ban in force (nested ones allowed)
     * @param now the current time
     * @throws NftException when nft fails; nothing is changed then
     */
    public void replaceNetworks(Collection<Ban> bans, Instant now) throws NftException {
        List<String> lines = new ArrayList<>();
        networks(lines, bans, now);
        apply(lines);
    }

    /**
     * Makes the table hold exactly the given bans: creates it when missing, then flushes every set
     * and adds every element, in one transaction, so the sets are never seen empty.
     *
     * @param bans every ban in force
     * @param now the current time (expired bans are left out)
     * @throws NftException when nft fails; the table is then as it was
     */
    public void resync(Collection<Ban> bans, Instant now) throws NftException {
        List<String> lines = layout();
        for (boolean ipv4 : new boolean[] {true, false}) {
            lines.add("flush set " + TABLE + " " + addressSet(ipv4));
            elements(lines, "add", addressSet(ipv4), bans.stream()
                    .filter(b -> b.target().single() && b.target().ipv4() == ipv4 && !b.expiredAt(now))
                    .map(b -> b.target().text() + timeout(b, now)).toList());
        }
        networks(lines, bans.stream().filter(b -> !b.target().single()).toList(), now);
        nft.apply(script(lines));
    }

    /**
     * Deletes the table with its sets and chains; nothing happens when it does not exist. Other
     * tables are not touched.
     *
     * @throws NftException when nft fails
     */
    public void delete() throws NftException {
        // "add" first, so that "delete" never fails on a missing table.
        nft.apply(script(List.of("add table " + TABLE, "delete table " + TABLE)));
    }

    private static List<String> layout() {
        List<String> lines = new ArrayList<>(LAYOUT);
        for (String chain : List.of("input", "forward")) {
            lines.add("flush chain " + TABLE + " " + chain);
            for (String set : List.of("ban4", "net4")) {
                lines.add("add rule " + TABLE + " " + chain + " ip saddr @" + set + " drop");
            }
            for (String set : List.of("ban6", "net6")) {
                lines.add("add rule " + TABLE + " " + chain + " ip6 saddr @" + set + " drop");
            }
        }
        return lines;
    }

    private static void networks(List<String> lines, Collection<Ban> bans, Instant now) {
        requireNetworks(bans);
        for (boolean ipv4 : new boolean[] {true, false}) {
            String set = ipv4 ? "net4" : "net6";
            lines.add("flush set " + TABLE + " " + set);
            List<Ban> family = bans.stream().filter(b -> b.target().ipv4() == ipv4 && !b.expiredAt(now)).toList();
            int length = ipv4 ? 4 : 16;
            elements(lines, "add", set, NetworkRanges.of(family).stream().map(r -> range(r, length, now)).toList());
        }
    }

    private static String range(Range range, int length, Instant now) {
        String first = BanTarget.address(range.first(), length);
        String text = range.first().equals(range.last()) ? first : first + "-" + BanTarget.address(range.last(), length);
        return text + timeout(range.expires(), now);
    }

    private static String timeout(Ban ban, Instant now) {
        return timeout(ban.expires(), now);
    }

    private static String timeout(Instant expires, Instant now) {
        long millis = Duration.between(now, expires).toMillis();
        long seconds = Math.clamp((millis + 999) / 1000, 1, MAX_TIMEOUT.toSeconds());
        return " timeout " + seconds + "s";
    }

    private static void elements(List<String> lines, String verb, String set, List<String> elements) {
        for (int i = 0; i < elements.size(); i += ELEMENTS_PER_LINE) {
            lines.add(verb + " element " + TABLE + " " + set + " { "
                    + String.join(", ", elements.subList(i, Math.min(elements.size(), i + ELEMENTS_PER_LINE))) + " }");
        }
    }

    private void apply(List<String> lines) throws NftException {
        if (!lines.isEmpty()) {
            nft.apply(script(lines));
        }
    }

    private static String script(List<String> lines) {
        return String.join("\n", lines) + "\n";
    }

    private static String addressSet(boolean ipv4) {
        return ipv4 ? "ban4" : "ban6";
    }

    private static void requireSingle(Collection<BanTarget> targets) {
        require(targets, BanTarget::single, "a single address");
    }

    private static void requireNetworks(Collection<Ban> bans) {
        require(bans.stream().map(Ban::target).toList(), t -> !t.single(), "a network");
    }

    private static void require(Collection<BanTarget> targets, Predicate<BanTarget> test, String what) {
        targets.stream().filter(test.negate()).findFirst().ifPresent(t -> {
            throw new IllegalArgumentException(t + " is not " + what);
        });
    }
}
