package io.vigie.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.protocol.MetricSamples.Sample;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every collector on the real {@code /proc} of the machine running the tests. */
class ThisHostTest {

    @Test
    void everyCollectorReadsThisMachineWithPlausibleValues() throws IOException {
        SampleSink sink = new SampleSink();
        for (Collector collector : Metrics.collectors(Path.of("/"))) {
            collector.collect(sink);
        }
        List<Sample> samples = sink.samples();

        assertThat(value(samples, "node_memory_MemTotal_bytes")).isPositive();
        assertThat(value(samples, "node_memory_MemAvailable_bytes"))
                .isBetween(0.0, value(samples, "node_memory_MemTotal_bytes"));
        assertThat(samples)
                .filteredOn(s -> s.name().equals("node_cpu_seconds_total") && s.labels().get("mode").equals("idle"))
                .hasSizeGreaterThanOrEqualTo(Runtime.getRuntime().availableProcessors())
                .allSatisfy(s -> assertThat(s.value()).isPositive());
        assertThat(value(samples, "node_load1")).isGreaterThanOrEqualTo(0);
        assertThat(value(samples, "node_load15")).isGreaterThanOrEqualTo(0);
        assertThat(value(samples, "node_procs_running")).isGreaterThanOrEqualTo(1);
        assertThat(value(samples, "vigie_processes")).isGreaterThanOrEqualTo(2);
        assertThat(samples).filteredOn(s -> s.name().equals("node_tcp_connection_states")).hasSize(11);
        assertThat(samples).filteredOn(s -> s.name().startsWith("node_network_")).allSatisfy(s -> {
            assertThat(s.labels().get("device")).isNotEqualTo("lo");
            assertThat(s.value()).isGreaterThanOrEqualTo(0);
        });
        assertThat(samples).filteredOn(s -> s.name().equals("node_filesystem_size_bytes"))
                .allSatisfy(s -> assertThat(s.value()).isPositive());
        assertThat(samples).as("inodes of every file system").filteredOn(s -> s.name().equals("node_filesystem_files"))
                .hasSameSizeAs(samples.stream().filter(s -> s.name().equals("node_filesystem_size_bytes")).toList());
        assertThat(samples).hasSizeLessThan(10_000).allSatisfy(s -> assertThat(s.value()).isFinite());
    }

    private static double value(List<Sample> samples, String name) {
        return samples.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow().value();
    }
}
