package io.vigie.agent.firewall;

import io.vigie.agent.log.Event;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The bans this agent enforces, kept in memory, in its state directory ({@link BanStore}) and in
 * its nftables table ({@link NftTable}).
 *
 * <p>Invariants: one ban per target (a new ban of a banned target keeps the later end: a ban is
 * never shortened by another one, only lifted by {@link #unban} or replaced by
 * {@link #replaceAll}); every change updates the memory, then the table (a failed change is
 * retried once as a full resync, which also rebuilds a table deleted behind the agent's back),
 * then the file; a failure of the table or the file is reported to the caller without undoing
 * the others, so the next resync ({@link #restore}, {@link #replaceAll}) makes the table whole.
 * Expired bans are dropped at each change. Thread-safe: one change at a time.
 */
public final class BanList {

    private static final System.Logger LOG = System.getLogger(BanList.class.getName());

    /** The stored log of changes is compacted into a snapshot past this many lines, or past the list's size. */
    private static final int MIN_LOG_LINES = 1000;

    private final NftTable table;
    private final BanStore store;
    private final Clock clock;
    private final Map<BanTarget, Ban> bans = new HashMap<>();

    /**
     * @param stateDir the agent's state directory ({@code firewall/bans.json} inside)
     * @param table the nftables table
     * @param clock the agent's clock
     */
    public BanList(Path stateDir, NftTable table, Clock clock) {
        this.table = table;
        this.store = new BanStore(stateDir);
        this.clock = clock;
    }

    /**
     * Starts enforcement at the agent's start: restores the stored bans into the table. A missing
     * nft, or one that fails, is logged once at ERROR and never stops the agent.
     *
     * @param stateDir the agent's state directory
     * @param table the nftables table
     * @param clock the agent's clock
     * @return the ban list, or empty when nft is missing
     */
    public static Optional<BanList> start(Path stateDir, NftTable table, Clock clock) {
        if (!Files.isExecutable(table.binary())) {
            LOG.log(Level.ERROR, Event.of("firewall.unavailable", "nft", table.binary(),
                    "error", "not found: install nftables, or set firewall.enabled=false"));
            return Optional.empty();
        }
        BanList list = new BanList(stateDir, table, clock);
        try {
            list.restore();
        } catch (IOException e) {
            LOG.log(Level.ERROR, Event.of("firewall.restore-failed", "bans", list.size(), "error", e.getMessage()));
        }
        return Optional.of(list);
    }

    /**
     * Reads the stored bans, drops the expired ones and makes the table hold exactly the others
     * (one transaction).
     *
     * @throws IOException when the file cannot be read or nft fails
     */
    public synchronized void restore() throws IOException {
        bans.clear();
        store.load().forEach(this::keep);
        dropExpired();
        table.resync(bans.values(), clock.instant());
        store.save(bans.values());
        LOG.log(Level.INFO, Event.of("firewall.restored", "bans", bans.size(), "file", store.file()));
    }

    /**
     * Bans an address or its network for a while, decided by this agent.
     *
     * @param address an IP address literal
     * @param network whether to ban its network (/24 for IPv4, /64 for IPv6) instead
     * @param duration how long
     * @param reason why (a rule's name)
     * @return the ban in force for that target afterwards
     * @throws IOException when the table or the file cannot be updated (the ban is kept in
     *     memory and applied by the next resync)
     * @throws IllegalArgumentException when the address is not an IP address literal
     */
    public Ban ban(String address, boolean network, Duration duration, String reason) throws IOException {
        return ban(new Ban(BanTarget.parse(address, network), clock.instant().plus(duration), reason, Ban.Origin.LOCAL));
    }

    /**
     * Adds a ban, or extends the one of the same target when the new one ends later.
     *
     * @param ban the ban
     * @return the ban in force for that target afterwards
     * @throws IOException when the table or the file cannot be updated
     */
    public synchronized Ban ban(Ban ban) throws IOException {
        dropExpired();
        Ban before = bans.get(ban.target());
        Ban kept = keep(ban);
        if (kept != before && !kept.expiredAt(clock.instant())) {
            commit(() -> {
                if (kept.target().single()) {
                    table.addAddresses(List.of(kept), clock.instant());
                } else {
                    table.replaceNetworks(networks(), clock.instant());
                }
            }, () -> store.appendBan(kept));
            LOG.log(Level.INFO, Event.of("firewall.banned", "target", kept.target(), "until", kept.expires(),
                    "reason", kept.reason(), "origin", kept.origin()));
        }
        return kept;
    }

    /**
     * Lifts the ban of a target; nothing happens when it is not banned.
     *
     * @param target the address or network
     * @return whether it was banned
     * @throws IOException when the table or the file cannot be updated
     */
    public synchronized boolean unban(BanTarget target) throws IOException {
        dropExpired();
        if (bans.remove(target) == null) {
            return false;
        }
        commit(() -> {
            if (target.single()) {
                table.removeAddresses(List.of(target));
            } else {
                table.replaceNetworks(networks(), clock.instant());
            }
        }, () -> store.appendUnban(target));
        LOG.log(Level.INFO, Event.of("firewall.unbanned", "target", target));
        return true;
    }

    /**
     * Makes the bans exactly the given ones (the control plane's full state), in one transaction
     * of the table.
     *
     * @param all every ban that must be in force
     * @throws IOException when the table or the file cannot be updated
     */
    public synchronized void replaceAll(Collection<Ban> all) throws IOException {
        bans.clear();
        all.forEach(this::keep);
        dropExpired();
        commit(() -> table.resync(bans.values(), clock.instant()), () -> store.save(bans.values()));
        LOG.log(Level.INFO, Event.of("firewall.resynced", "bans", bans.size()));
    }

    /** @return the bans in force, in no particular order */
    public synchronized List<Ban> bans() {
        dropExpired();
        return List.copyOf(bans.values());
    }

    /** @return how many bans are held */
    public synchronized int size() {
        return bans.size();
    }

    private Ban keep(Ban ban) {
        return merge(bans, ban);
    }

    /**
     * Adds a ban to a map by target, keeping the held one when it ends later (or at the same time).
     *
     * @param bans bans by target
     * @param ban the ban offered
     * @return the ban kept for its target
     */
    static Ban merge(Map<BanTarget, Ban> bans, Ban ban) {
        return bans.merge(ban.target(), ban, (held, offered) -> offered.expires().isAfter(held.expires()) ? offered : held);
    }

    private List<Ban> networks() {
        return bans.values().stream().filter(b -> !b.target().single()).toList();
    }

    private void dropExpired() {
        Instant now = clock.instant();
        bans.values().removeIf(b -> b.expiredAt(now));
    }

    /**
     * Applies a change to the table, falling back to a full resync when it fails (the table or a
     * set was deleted behind the agent's back, e.g. by {@code nft flush ruleset}), then stores it,
     * even when the table failed; a log grown longer than the list is compacted into a snapshot.
     */
    private void commit(TableChange change, Persistence persistence) throws IOException {
        IOException failure = null;
        try {
            change.apply();
        } catch (NftException e) {
            try {
                table.resync(bans.values(), clock.instant());
                LOG.log(Level.WARNING, Event.of("firewall.resynced-after-failure", "bans", bans.size(),
                        "error", e.getMessage()));
            } catch (NftException again) {
                again.addSuppressed(e);
                failure = again;
            }
        }
        try {
            persistence.store();
            if (store.logLines() > Math.max(MIN_LOG_LINES, bans.size())) {
                store.save(bans.values());
            }
        } catch (IOException e) {
            if (failure == null) {
                failure = e;
            } else {
                failure.addSuppressed(e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** One change of the table. */
    @FunctionalInterface
    private interface TableChange {
        void apply() throws NftException;
    }

    /** One change of the stored list. */
    @FunctionalInterface
    private interface Persistence {
        void store() throws IOException;
    }
}
