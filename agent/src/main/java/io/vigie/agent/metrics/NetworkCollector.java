package io.vigie.agent.metrics;

import io.vigie.agent.host.HostFiles;
import java.util.Map;

/**
 * Traffic counters of the network interfaces, from {@code /proc/net/dev}, labelled
 * {@code device}: bytes, packets and errors received and transmitted
 * ({@code node_network_{receive,transmit}_{bytes,packets,errs}_total}). The loopback interface
 * {@code lo} is left out: it says nothing about the host's traffic. A malformed line is skipped.
 */
final class NetworkCollector extends LineCollector {

    /** Metric names by column of {@code /proc/net/dev} after the interface name; null: not reported. */
    private static final String[] COLUMNS = {
        "node_network_receive_bytes_total", "node_network_receive_packets_total", "node_network_receive_errs_total",
        null, null, null, null, null,
        "node_network_transmit_bytes_total", "node_network_transmit_packets_total", "node_network_transmit_errs_total"};

    NetworkCollector(HostFiles files) {
        super("network", files, "/proc/net/dev");
    }

    @Override
    void line(String line, SampleSink sink) {
        int colon = line.indexOf(':');
        if (colon < 0) {
            return;
        }
        String device = line.substring(0, colon).strip();
        String[] fields = ProcText.fields(line.substring(colon + 1));
        double[] values = new double[COLUMNS.length];
        if (device.isEmpty() || device.equals("lo") || fields.length < 16 || !parse(fields, values)) {
            return;
        }
        Map<String, String> labels = Map.of("device", device);
        for (int i = 0; i < COLUMNS.length; i++) {
            if (COLUMNS[i] != null) {
                sink.add(COLUMNS[i], labels, values[i]);
            }
        }
    }

    private static boolean parse(String[] fields, double[] values) {
        try {
            for (int i = 0; i < COLUMNS.length; i++) {
                if (COLUMNS[i] != null) {
                    values[i] = ProcText.unsigned(fields[i]);
                }
            }
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
