package io.vigie.agent.metrics;

import io.vigie.agent.host.HostFiles;
import java.util.Map;

/**
 * {@code node_cpu_seconds_total{cpu,mode}} from the {@code cpuN} lines of {@code /proc/stat}: the
 * time each logical CPU spent in each mode since boot. The kernel counts in USER_HZ ticks, 100 a
 * second on every Linux architecture the agent supports. The aggregate {@code cpu} line is left
 * out, as node_exporter does; a malformed line is skipped.
 */
final class CpuCollector extends LineCollector {

    /** Clock ticks a second of {@code /proc/stat} (USER_HZ). */
    static final double USER_HZ = 100;

    /** The modes, in the order of the columns of {@code /proc/stat}. */
    static final String[] MODES = {"user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal"};

    CpuCollector(HostFiles files) {
        super("cpu", files, "/proc/stat");
    }

    @Override
    void line(String line, SampleSink sink) {
        if (!line.startsWith("cpu") || line.length() < 4 || !Character.isDigit(line.charAt(3))) {
            return;
        }
        String[] fields = ProcText.fields(line);
        int modes = Math.min(MODES.length, fields.length - 1);
        double[] seconds = new double[modes];
        try {
            for (int i = 0; i < modes; i++) {
                seconds[i] = ProcText.unsigned(fields[i + 1]) / USER_HZ;
            }
        } catch (NumberFormatException e) {
            return;
        }
        String cpu = fields[0].substring(3);
        for (int i = 0; i < modes; i++) {
            sink.add("node_cpu_seconds_total", Map.of("cpu", cpu, "mode", MODES[i]), seconds[i]);
        }
    }
}
