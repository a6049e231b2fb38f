package io.vigie.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A synthetic host's node metrics, modelled on what the agent reads from /proc (docs/metrics.md):
 * 74 series with the granularity real values have (CPU seconds in hundredths, bytes in pages or
 * sectors, loads with two decimals, small integer gauges), evolving every 30 seconds. Seeded, so
 * that Vigie and Prometheus get exactly the same samples.
 */
final class NodeSeries {

    /**
     * One series and how it moves.
     *
     * @param name metric name
     * @param labels its labels
     * @param counter whether it only grows
     * @param step typical change per interval
     * @param unit granularity of its values
     */
    record Series(String name, Map<String, String> labels, boolean counter, double step, double unit) {
    }

    private final List<Series> series = new ArrayList<>();
    private final double[] values;
    private final SplittableRandom random;

    NodeSeries(long seed) {
        random = new SplittableRandom(seed);
        String[] modes = {"user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal"};
        double[] cpuSteps = {1.6, 0.0, 0.5, 27.5, 0.05, 0.0, 0.08, 0.02};
        for (int cpu = 0; cpu < 2; cpu++) {
            for (int m = 0; m < modes.length; m++) {
                series.add(new Series("node_cpu_seconds_total", Map.of("cpu", "" + cpu, "mode", modes[m]), true,
                        cpuSteps[m], 0.01));
            }
        }
        for (String load : List.of("node_load1", "node_load5", "node_load15")) {
            series.add(new Series(load, Map.of(), false, 0.05, 0.01));
        }
        series.add(new Series("node_memory_MemTotal_bytes", Map.of(), false, 0, 4096));
        series.add(new Series("node_memory_MemFree_bytes", Map.of(), false, 4e6, 4096));
        series.add(new Series("node_memory_MemAvailable_bytes", Map.of(), false, 4e6, 4096));
        series.add(new Series("node_memory_Buffers_bytes", Map.of(), false, 2e5, 4096));
        series.add(new Series("node_memory_Cached_bytes", Map.of(), false, 2e6, 4096));
        series.add(new Series("node_memory_SwapTotal_bytes", Map.of(), false, 0, 4096));
        series.add(new Series("node_memory_SwapFree_bytes", Map.of(), false, 0, 4096));
        for (String mount : List.of("/", "/var", "/home")) {
            Map<String, String> l = Map.of("device", "/dev/md" + mount.length(), "mountpoint", mount, "fstype", "ext4");
            series.add(new Series("node_filesystem_size_bytes", l, false, 0, 4096));
            series.add(new Series("node_filesystem_avail_bytes", l, false, 2e5, 4096));
            series.add(new Series("node_filesystem_free_bytes", l, false, 2e5, 4096));
        }
        for (String device : List.of("sda", "sdb")) {
            Map<String, String> l = Map.of("device", device);
            series.add(new Series("node_disk_reads_completed_total", l, true, 20, 1));
            series.add(new Series("node_disk_writes_completed_total", l, true, 60, 1));
            series.add(new Series("node_disk_read_bytes_total", l, true, 3e5, 512));
            series.add(new Series("node_disk_written_bytes_total", l, true, 9e5, 512));
            series.add(new Series("node_disk_io_time_seconds_total", l, true, 0.4, 0.001));
        }
        for (String device : List.of("eth0", "eth1")) {
            Map<String, String> l = Map.of("device", device);
            series.add(new Series("node_network_receive_bytes_total", l, true, 4e6, 1));
            series.add(new Series("node_network_transmit_bytes_total", l, true, 2e7, 1));
            series.add(new Series("node_network_receive_packets_total", l, true, 4000, 1));
            series.add(new Series("node_network_transmit_packets_total", l, true, 9000, 1));
            series.add(new Series("node_network_receive_errs_total", l, true, 0, 1));
            series.add(new Series("node_network_transmit_errs_total", l, true, 0, 1));
        }
        series.add(new Series("node_procs_running", Map.of(), false, 1, 1));
        series.add(new Series("node_procs_blocked", Map.of(), false, 0.3, 1));
        series.add(new Series("vigie_processes", Map.of(), false, 2, 1));
        for (String state : List.of("established", "syn_sent", "syn_recv", "fin_wait1", "fin_wait2", "time_wait",
                "close", "close_wait", "last_ack", "listen", "closing")) {
            series.add(new Series("node_tcp_connection_states", Map.of("state", state), false,
                    "established".equals(state) || "time_wait".equals(state) ? 3 : 0, 1));
        }
        for (String port : List.of("22", "80", "443")) {
            series.add(new Series("vigie_tcp_connections", Map.of("port", port), false, 2, 1));
        }
        values = new double[series.size()];
        for (int i = 0; i < values.length; i++) {
            Series s = series.get(i);
            values[i] = s.counter() ? round(random.nextDouble(1e4, 1e6) * Math.max(s.step(), s.unit()), s.unit())
                    : s.name().endsWith("_bytes") ? round(random.nextDouble(1e9, 3e10), s.unit())
                    : round(random.nextDouble(0, 10 * Math.max(s.step(), 1)), s.unit());
        }
    }

    List<Series> series() {
        return series;
    }

    /** @return the values of the next interval */
    double[] next() {
        for (int i = 0; i < values.length; i++) {
            Series s = series.get(i);
            if (s.step() == 0) {
                continue;
            }
            if (s.counter()) {
                values[i] = round(values[i] + Math.max(0, random.nextGaussian(s.step(), s.step() / 4)), s.unit());
            } else if (random.nextInt(3) == 0) {
                values[i] = Math.max(0, round(values[i] + random.nextGaussian(0, s.step()), s.unit()));
            }
        }
        return values;
    }

    private static double round(double value, double unit) {
        double rounded = Math.round(value / unit) * unit;
        // Two decimals stay two decimals (0.29, not 0.29000000000000004), as /proc prints them.
        return unit < 1 ? Math.round(rounded * 1000) / 1000.0 : rounded;
    }
}
