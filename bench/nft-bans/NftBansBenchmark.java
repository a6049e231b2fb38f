import io.vigie.agent.firewall.Ban;
import io.vigie.agent.firewall.BanList;
import io.vigie.agent.firewall.BanTarget;
import io.vigie.agent.firewall.NftTable;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The agent's ban enforcement at scale (bench/nft-bans.sh): a full resync of N bans, then single
 * new bans into the full table, through the agent's own classes and the real nft.
 *
 * <p>Arguments: the nft command (the script's wrapper into a fresh network namespace), a state
 * directory, the number of bans. Run by bench/nft-bans.sh, never in the build.
 */
public final class NftBansBenchmark {

    private static final int SINGLE_BANS = 20;

    public static void main(String[] args) throws Exception {
        // One INFO line per ban would be measured too: only warnings and errors are printed.
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        Path nft = Path.of(args[0]);
        Path stateDir = Path.of(args[1]);
        int count = Integer.parseInt(args[2]);
        Instant now = Instant.now();
        NftTable table = new NftTable(nft, Duration.ofMinutes(2));
        List<Ban> bans = bans(count, now, 0);

        table.ensure();
        for (int round = 1; round <= 3; round++) {
            List<Ban> state = bans(count, now, round);
            long start = System.nanoTime();
            table.resync(state, now);
            System.out.printf("NftTable.resync of %,d bans (round %d, replacing the previous %,d): %d ms%n",
                    count, round, round == 1 ? 0 : count, (System.nanoTime() - start) / 1_000_000);
        }
        long[] single = new long[SINGLE_BANS];
        for (int i = 0; i < SINGLE_BANS; i++) {
            Ban ban = new Ban(BanTarget.parse("203.0.113." + i), now.plus(Duration.ofHours(4)), "bench", Ban.Origin.LOCAL);
            long start = System.nanoTime();
            table.addAddresses(List.of(ban), now);
            single[i] = System.nanoTime() - start;
        }
        report("NftTable.addAddresses of 1 ban into a table of " + String.format("%,d", count), single);

        BanList list = new BanList(stateDir, table, Clock.systemUTC());
        long start = System.nanoTime();
        list.replaceAll(bans);
        System.out.printf("BanList.replaceAll of %,d bans (table and state file): %d ms%n", count,
                (System.nanoTime() - start) / 1_000_000);
        for (int i = 0; i < SINGLE_BANS; i++) {
            start = System.nanoTime();
            list.ban("198.18.0." + i, false, Duration.ofHours(4), "bench");
            single[i] = System.nanoTime() - start;
        }
        report("BanList.ban of 1 address with " + String.format("%,d", count) + " bans held (table and state file)", single);
        start = System.nanoTime();
        table.delete();
        System.out.printf("NftTable.delete of the table holding %,d bans: %d ms%n", list.size(),
                (System.nanoTime() - start) / 1_000_000);
    }

    /** 90% IPv4 addresses, 9% IPv6 addresses, 1% networks (/24 and /64), distinct per round. */
    private static List<Ban> bans(int count, Instant now, int round) {
        List<Ban> bans = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String target = switch (i % 100) {
                case 0 -> "10." + round + "." + (i / 100 % 256) + ".0/24";
                case 1 -> String.format("2001:db8:%x:%x::/64", round, i / 100);
                case 2, 3, 4, 5, 6, 7, 8, 9, 10 -> String.format("2001:db8:ffff:%x::%x:%x", round, i >> 16, i & 0xffff);
                default -> (100 + round) + "." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255);
            };
            Duration remaining = Duration.ofMinutes(5 + i % 10_000);
            bans.add(new Ban(BanTarget.parse(target), now.plus(remaining), "bench", Ban.Origin.CONTROL_PLANE));
        }
        return bans;
    }

    private static void report(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf("%s: median %.1f ms, max %.1f ms (%d runs)%n", what, sorted[sorted.length / 2] / 1e6,
                sorted[sorted.length - 1] / 1e6, sorted.length);
    }
}
