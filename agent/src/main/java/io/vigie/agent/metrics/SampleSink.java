package io.vigie.agent.metrics;

import io.vigie.protocol.AgentProtocol;
import io.vigie.protocol.MetricSamples.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The samples of one collection round. Keeps the protocol's rules on the agent side: a value that
 * is not finite (NaN, infinity) is left out, and past {@link AgentProtocol#MAX_SAMPLES_PER_MESSAGE}
 * samples the rest are counted as dropped rather than making the message one the control plane
 * would reject. Not thread-safe: a round is collected by one thread.
 */
public final class SampleSink {

    private final int capacity;
    private final List<Sample> samples = new ArrayList<>();
    private int dropped;

    SampleSink(int capacity) {
        this.capacity = capacity;
    }

    SampleSink() {
        this(AgentProtocol.MAX_SAMPLES_PER_MESSAGE);
    }

    /**
     * @param name the metric name, e.g. {@code node_load1}
     * @param labels the labels of the series (an immutable map, kept as is)
     * @param value the value; left out unless finite
     */
    public void add(String name, Map<String, String> labels, double value) {
        if (!Double.isFinite(value)) {
            return;
        }
        if (samples.size() >= capacity) {
            dropped++;
            return;
        }
        samples.add(new Sample(name, labels, value));
    }

    /** @return how many samples were added and kept so far */
    int size() {
        return samples.size();
    }

    /** Forgets the samples added after the first {@code size} ones: those of a collector that failed. */
    void truncate(int size) {
        samples.subList(size, samples.size()).clear();
    }

    /** @return how many samples did not fit */
    int dropped() {
        return dropped;
    }

    /** @return the samples kept, in the order they were added */
    List<Sample> samples() {
        return List.copyOf(samples);
    }
}
