package io.vigie.agent.metrics;

import io.vigie.agent.host.HostFiles;
import java.io.IOException;
import java.util.Map;

/**
 * {@code node_load1}, {@code node_load5}, {@code node_load15}: the load averages, the first three
 * numbers of {@code /proc/loadavg}. A number that does not parse is left out.
 */
final class LoadCollector extends FileCollector {

    private static final String[] NAMES = {"node_load1", "node_load5", "node_load15"};

    LoadCollector(HostFiles files) {
        super("load", files);
    }

    @Override
    public void collect(SampleSink sink) throws IOException {
        String[] fields = ProcText.fields(files().text("/proc/loadavg").strip());
        for (int i = 0; i < NAMES.length && i < fields.length; i++) {
            try {
                sink.add(NAMES[i], Map.of(), Double.parseDouble(fields[i]));
            } catch (NumberFormatException e) {
                // left out: a malformed value is no value
            }
        }
    }
}
