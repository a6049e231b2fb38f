package io.vigie.agent.metrics;

import io.vigie.agent.host.HostFiles;
import io.vigie.protocol.MetricSamples.Sample;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The fixture host of {@code src/test/resources/metrics/host}, and samples written as text for readable assertions. */
final class Fixtures {

    private Fixtures() {
    }

    /** @return the fixture tree standing for a host's {@code /} */
    static Path root() {
        try {
            return Path.of(Fixtures.class.getResource("/metrics/host").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the fixture host's files */
    static HostFiles files() {
        return new HostFiles(root());
    }

    /**
     * @param collector a collector
     * @return its samples, as {@link #text(List)}
     */
    static List<String> collect(Collector collector) {
        SampleSink sink = new SampleSink();
        try {
            collector.collect(sink);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text(sink.samples());
    }

    /**
     * @param samples samples
     * @return each as {@code name{label=value,...} value}, labels sorted, the value in plain
     *     decimal without trailing zeros ({@code 11.32}, {@code 2}, {@code 8232357888})
     */
    static List<String> text(List<Sample> samples) {
        return samples.stream().map(Fixtures::text).toList();
    }

    private static String text(Sample sample) {
        String labels = new TreeMap<>(sample.labels()).entrySet().stream()
                .map(Map.Entry::toString).collect(Collectors.joining(",", "{", "}"));
        return sample.name() + (labels.equals("{}") ? "" : labels) + " "
                + BigDecimal.valueOf(sample.value()).stripTrailingZeros().toPlainString();
    }
}
