package io.vigie.agent.metrics;

import io.vigie.agent.host.HostFiles;
import java.util.Map;

/**
 * {@code node_memory_<Key>_bytes} for the memory and swap lines of {@code /proc/meminfo} that
 * matter for supervision ({@link #KEYS}), in bytes: the kernel writes {@code kB}, meaning KiB,
 * multiplied by 1024 as node_exporter does. A missing or malformed line is left out.
 */
final class MemoryCollector extends LineCollector {

    /** The keys of {@code /proc/meminfo} reported, with their metric names. */
    static final Map<String, String> KEYS = Map.of(
            "MemTotal", "node_memory_MemTotal_bytes",
            "MemFree", "node_memory_MemFree_bytes",
            "MemAvailable", "node_memory_MemAvailable_bytes",
            "Buffers", "node_memory_Buffers_bytes",
            "Cached", "node_memory_Cached_bytes",
            "SwapTotal", "node_memory_SwapTotal_bytes",
            "SwapFree", "node_memory_SwapFree_bytes");

    MemoryCollector(HostFiles files) {
        super("memory", files, "/proc/meminfo");
    }

    @Override
    void line(String line, SampleSink sink) {
        int colon = line.indexOf(':');
        String name = colon < 0 ? null : KEYS.get(line.substring(0, colon));
        if (name == null) {
            return;
        }
        String[] fields = ProcText.fields(line.substring(colon + 1));
        try {
            double value = ProcText.unsigned(fields[0]);
            sink.add(name, Map.of(), fields.length > 1 && fields[1].equals("kB") ? value * 1024 : value);
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            // left out: a malformed line is no value
        }
    }
}
