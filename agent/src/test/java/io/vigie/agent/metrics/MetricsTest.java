package io.vigie.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.vigie.agent.host.HostFiles;
import io.vigie.agent.testing.LogCapture;
import io.vigie.agent.transport.Json;
import io.vigie.agent.transport.Spool;
import io.vigie.protocol.Envelope;
import io.vigie.protocol.MetricSamples;
import io.vigie.protocol.MetricSamples.Sample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T10:15:30Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void spoolsOneRoundOfEveryCollectorAtStartThenEveryInterval() throws Exception {
        List<String> expected = new ArrayList<>();
        for (Collector collector : Metrics.collectors(Fixtures.root())) {
            expected.addAll(Fixtures.collect(collector));
        }
        try (Spool spool = Spool.open(dir.resolve("spool"), Spool.DEFAULT_MAX_BYTES, CLOCK)) {
            try (Metrics metrics = new Metrics(spool, Metrics.collectors(Fixtures.root()), CLOCK,
                    Duration.ofSeconds(1))) {
                metrics.start();
                await().atMost(Duration.ofSeconds(30)).until(() -> spool.pendingCount() >= 2);
            }

            List<Envelope> spooled = spool.peek(Integer.MAX_VALUE, Long.MAX_VALUE);
            assertThat(spooled).extracting(Envelope::type).containsOnly("metrics");
            MetricSamples first = payload(spooled.getFirst());
            assertThat(first.observedAt()).isEqualTo(CLOCK.instant());
            assertThat(Fixtures.text(first.samples())).containsExactlyElementsOf(expected)
                    .contains("node_load1 0.25", "node_memory_MemTotal_bytes 8232357888",
                            "node_cpu_seconds_total{cpu=0,mode=idle} 113117.18", "vigie_tcp_connections{port=22} 3",
                            "node_md_state{device=md0,state=recovering} 1");
        }
    }

    @Test
    void aCollectorThatThrowsIsSkippedAndTheOthersAndTheScheduleGoOn() throws Exception {
        Collector broken = collector("broken", sink -> {
            sink.add("half_written", Map.of(), 1);
            throw new IllegalStateException("boom");
        });
        List<Collector> collectors = List.of(new LoadCollector(Fixtures.files()), broken,
                new MemoryCollector(Fixtures.files()));
        try (LogCapture log = LogCapture.of(Metrics.class.getName());
             Spool spool = Spool.open(dir.resolve("spool"), Spool.DEFAULT_MAX_BYTES, CLOCK)) {
            try (Metrics metrics = new Metrics(spool, collectors, CLOCK, Duration.ofSeconds(1))) {
                metrics.start();
                await().atMost(Duration.ofSeconds(30)).until(() -> spool.pendingCount() >= 3);
            }

            for (Envelope envelope : spool.peek(Integer.MAX_VALUE, Long.MAX_VALUE)) {
                List<String> samples = Fixtures.text(payload(envelope).samples());
                assertThat(samples).hasSize(10).contains("node_load1 0.25", "node_memory_SwapFree_bytes 2147430400")
                        .noneMatch(sample -> sample.startsWith("half_written"));
            }
            // Said once at WARN; the rounds after it only at DEBUG.
            assertThat(log.count("level=WARN")).isOne();
            assertThat(log.lines()).anySatisfy(line -> assertThat(line).contains("level=WARN",
                    "event=metrics.collector-failed", "collector=broken", "java.lang.IllegalStateException: boom"));
            assertThat(log.lines()).anySatisfy(line -> assertThat(line).contains("level=DEBUG",
                    "event=metrics.collector-failed", "collector=broken"));
        }
    }

    @Test
    void aMissingFileIsLoggedOnceThenTheRecoveryAndRoundsWithoutSamplesAppendNothing() throws Exception {
        Path root = dir.resolve("root");
        Files.createDirectories(root.resolve("proc"));
        try (LogCapture log = LogCapture.of(Metrics.class.getName());
             Spool spool = Spool.open(dir.resolve("spool"), Spool.DEFAULT_MAX_BYTES, CLOCK);
             Metrics metrics = new Metrics(spool, List.of(new LoadCollector(new HostFiles(root))),
                     CLOCK, Duration.ofSeconds(1))) {
            metrics.collect();
            metrics.collect();

            assertThat(spool.pendingCount()).isZero();
            assertThat(log.lines()).filteredOn(line -> line.contains("event=metrics.collector-failed"))
                    .extracting(line -> line.substring(0, line.indexOf("event=")).contains("level=WARN"))
                    .containsExactly(true, false);
            assertThat(log.lines()).anySatisfy(line -> assertThat(line).contains("collector=load",
                    "NoSuchFileException", root.resolve("proc/loadavg").toString()));

            Files.writeString(root.resolve("proc/loadavg"), "1.00 2.00 3.00 1/1 1\n");
            metrics.collect();

            assertThat(spool.pendingCount()).isOne();
            assertThat(Fixtures.text(payload(spool.peek(1, Long.MAX_VALUE).getFirst()).samples()))
                    .containsExactly("node_load1 1", "node_load5 2", "node_load15 3");
            assertThat(log.lines()).anySatisfy(line -> assertThat(line).contains("level=INFO",
                    "event=metrics.collector-recovered", "collector=load"));
        }
    }

    @Test
    void aRoundKeepsAtMostTheProtocolsLimitAndNoValueThatIsNotFinite() throws Exception {
        Collector many = collector("many", sink -> {
            sink.add("not_a_number", Map.of(), Double.NaN);
            sink.add("infinite", Map.of(), Double.POSITIVE_INFINITY);
            for (int i = 0; i < 10_005; i++) {
                sink.add("series", Map.of("i", Integer.toString(i)), i);
            }
        });
        try (LogCapture log = LogCapture.of(Metrics.class.getName());
             Spool spool = Spool.open(dir.resolve("spool"), Spool.DEFAULT_MAX_BYTES, CLOCK);
             Metrics metrics = new Metrics(spool, List.of(many), CLOCK, Duration.ofSeconds(1))) {
            metrics.collect();

            List<Sample> samples = payload(spool.peek(1, Long.MAX_VALUE).getFirst()).samples();
            assertThat(samples).hasSize(10_000).allSatisfy(sample -> assertThat(sample.name()).isEqualTo("series"));
            assertThat(samples.getLast().value()).isEqualTo(9_999);
            assertThat(log.lines()).anySatisfy(line -> assertThat(line).contains("level=WARN",
                    "event=metrics.too-many-samples", "kept=10000", "dropped=5"));
        }
    }

    @Test
    void aFailedAppendIsLoggedAndDoesNotThrow() throws Exception {
        Spool spool = Spool.open(dir.resolve("spool"), Spool.DEFAULT_MAX_BYTES, CLOCK);
        spool.close();
        try (LogCapture log = LogCapture.of(Metrics.class.getName());
             Metrics metrics = new Metrics(spool, List.of(new LoadCollector(Fixtures.files())), CLOCK,
                     Duration.ofSeconds(1))) {
            metrics.collect();

            assertThat(log.lines()).anySatisfy(line -> assertThat(line)
                    .contains("level=ERROR", "event=metrics.failed", "is closed"));
        }
    }

    @Test
    void refusesAnIntervalBelowOneSecond() throws IOException {
        try (Spool spool = Spool.open(dir.resolve("spool"), Spool.DEFAULT_MAX_BYTES, CLOCK)) {
            assertThatThrownBy(() -> new Metrics(spool, List.of(), CLOCK, Duration.ofMillis(999)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least PT1S");
        }
    }

    private static Collector collector(String name, Consumer<SampleSink> body) {
        return new Collector() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void collect(SampleSink sink) {
                body.accept(sink);
            }
        };
    }

    private static MetricSamples payload(Envelope envelope) {
        return Json.mapper().convertValue(envelope.payload(), MetricSamples.class);
    }
}
