package io.vigie.protocol;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Payload of a {@link MessageType#METRICS} message: one collection round of the agent, every
 * sample observed at the same instant. Names and units follow node_exporter where it has the
 * metric; counters are sent as raw counters. Limits are in {@code docs/agent-protocol.md}.
 *
 * @param observedAt when the samples were taken, by the agent's clock
 * @param samples at most {@link AgentProtocol#MAX_SAMPLES_PER_MESSAGE} samples
 */
public record MetricSamples(Instant observedAt, List<Sample> samples) {

    /**
     * One value of one series.
     *
     * @param name metric name, e.g. {@code node_cpu_seconds_total}
     * @param labels label names and values identifying the series, e.g. {@code cpu=0, mode=idle}
     * @param value the value, finite
     */
    public record Sample(String name, Map<String, String> labels, double value) {
    }
}
