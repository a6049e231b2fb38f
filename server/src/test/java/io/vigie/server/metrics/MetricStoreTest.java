package io.vigie.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.contains;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

import io.vigie.protocol.AgentProtocol;
import io.vigie.protocol.BatchReceipt;
import io.vigie.protocol.Envelope;
import io.vigie.protocol.MetricSamples;
import io.vigie.protocol.MetricSamples.Sample;
import io.vigie.server.IntegrationTest;
import io.vigie.server.TestAgent;
import io.vigie.server.agents.EnrollmentService;
import io.vigie.server.clients.ClientDetails;
import io.vigie.server.clients.ClientService;
import io.vigie.server.servers.Server;
import io.vigie.server.servers.ServerDetails;
import io.vigie.server.servers.ServerRole;
import io.vigie.server.servers.ServerService;
import io.vigie.server.users.CurrentUser;
import io.vigie.server.users.Role;
import tools.jackson.databind.json.JsonMapper;

/**
 * The metric store end to end: rounds sent through the real agent API, validation, idempotent
 * replay, compaction into blocks with rollups, late samples, and range queries at each resolution.
 */
class MetricStoreTest extends IntegrationTest {

    private static final long WINDOW = MetricCompaction.WINDOW.toMillis();

    @Autowired
    MockMvc mvc;
    @Autowired
    JsonMapper json;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ClientService clients;
    @Autowired
    ServerService servers;
    @Autowired
    EnrollmentService enrollment;
    @Autowired
    MetricQueryService queries;
    @Autowired
    MetricCompaction compaction;

    CurrentUser operator;
    Server server;
    TestAgent agent;

    @BeforeEach
    void enrollAnAgent() throws Exception {
        operator = newUser(Role.OPERATOR, null);
        var client = clients.create(new ClientDetails("Métriques " + UUID.randomUUID(), null, null, null, null, null,
                null, "FR"));
        server = servers.create(new ServerDetails(client.id(), null, "metrics.example.test", ServerRole.PRODUCTION,
                null, null, null, null, List.of(), null));
        agent = TestAgent.enroll(mvc, json, enrollment, server.id(), operator);
    }

    private BatchReceipt send(List<Envelope> envelopes) throws Exception {
        return agent.send(envelopes);
    }

    private void sendInBatches(List<Envelope> envelopes) throws Exception {
        for (int from = 0; from < envelopes.size(); from += AgentProtocol.MAX_BATCH_MESSAGES) {
            send(envelopes.subList(from, Math.min(envelopes.size(), from + AgentProtocol.MAX_BATCH_MESSAGES)));
        }
    }

    private Envelope round(Instant at, Sample... samples) {
        return agent.round(at, samples);
    }

    private long plainSamples() {
        return jdbc.sql("select count(*) from metric_samples s join metric_series m on m.id = s.series_id"
                + " where m.server_id = ?").param(server.id()).query(Long.class).single();
    }

    @Test
    void roundsAreStoredOnceAndUnknownNamesAndMonitorMetricsAreDropped() throws Exception {
        Instant at = Instant.now().minusSeconds(60);
        Envelope first = round(at, TestAgent.sample("node_load1", 0.75), TestAgent.sample("node_memory_MemTotal_bytes", 8e9),
                TestAgent.sample("node_cpu_seconds_total", 100, "cpu", "0", "mode", "idle"),
                TestAgent.sample("vigie_from_the_future", 1), TestAgent.sample("probe_success", 1));
        BatchReceipt receipt = send(List.of(first));
        assertThat(receipt.accepted()).containsExactly(first.id());
        assertThat(send(List.of(first)).duplicates()).as("a replayed round").containsExactly(first.id());
        assertThat(plainSamples()).as("three known samples, once each").isEqualTo(3);
        assertThat(jdbc.sql("select count(*) from metric_series where server_id = ?"
                + " and name in ('vigie_from_the_future', 'probe_success')")
                .param(server.id()).query(Long.class).single()).as("unknown, or a monitor's metric").isZero();

        var load = queries.range(server.id(), "node_load1", Map.of(), at.minusSeconds(60), at.plusSeconds(60),
                Duration.ofSeconds(30));
        assertThat(load.resolution()).isEqualTo(Resolution.RAW);
        assertThat(load.series()).singleElement().satisfies(s -> assertThat(s.points()).singleElement()
                .satisfies(p -> assertThat(p.avg()).isEqualTo(0.75)));
    }

    @Test
    void invalidRoundsAreRejectedWholeWithAReasonAndWriteNothing() throws Exception {
        Instant now = Instant.now();
        Envelope future = round(now.plus(Duration.ofHours(2)), TestAgent.sample("node_load1", 1));
        Envelope old = round(now.minus(Duration.ofDays(15)), TestAgent.sample("node_load1", 1));
        Envelope badName = round(now, TestAgent.sample("node_load1", 1), TestAgent.sample("bad name!", 2));
        Envelope badLabel = round(now, TestAgent.sample("node_load1", 1, "x", "y".repeat(201)));
        List<Sample> tooMany = new ArrayList<>();
        for (int i = 0; i <= AgentProtocol.MAX_SAMPLES_PER_MESSAGE; i++) {
            tooMany.add(TestAgent.sample("node_load1", i));
        }
        Envelope huge = agent.message(now, new MetricSamples(now, tooMany));
        Map<String, Object> notANumber = Map.of("observedAt", now.toString(), "samples",
                List.of(Map.of("name", "node_load1", "labels", Map.of(), "value", "NaN")));
        Envelope nan = agent.message(now, notANumber);
        Envelope noTime = agent.message(now, Map.of("samples", List.of()));

        BatchReceipt receipt = send(List.of(future, old, badName, badLabel, huge, nan, noTime));

        assertThat(receipt.accepted()).isEmpty();
        assertThat(receipt.rejected()).extracting(BatchReceipt.Rejection::reason).satisfiesExactly(
                r -> assertThat(r).contains("observedAt", "in the future"),
                r -> assertThat(r).contains("observedAt", "older than the raw retention"),
                r -> assertThat(r).contains("samples[1].name", "bad name!"),
                r -> assertThat(r).contains("samples[0].labels.x"),
                r -> assertThat(r).contains("samples: 10001 samples, at most 10000"),
                r -> assertThat(r).contains("samples[0].value", "not a finite number"),
                r -> assertThat(r).contains("observedAt: required"));
        assertThat(plainSamples()).isZero();
        assertThat(jdbc.sql("select count(*) from agent_messages where message_id = ?").param(badName.id())
                .query(Long.class).single()).as("a rejected round is not recorded as received").isZero();
    }

    @Test
    void compactionKeepsEverySampleMakesRollupsAndMergesLateSamples() throws Exception {
        // Seven hours of rounds every 30 s, starting at a window boundary a day ago: two windows.
        long start = Math.floorDiv(Instant.now().minus(Duration.ofDays(1)).toEpochMilli(), WINDOW) * WINDOW;
        List<Envelope> rounds = new ArrayList<>();
        for (int i = 0; i < 7 * 120; i++) {
            Instant at = Instant.ofEpochMilli(start + i * 30_000L);
            rounds.add(round(at, TestAgent.sample("node_load1", i % 10), TestAgent.sample("node_network_receive_bytes_total", 1000.0 * i,
                    "device", "eth0")));
        }
        sendInBatches(rounds);
        Instant from = Instant.ofEpochMilli(start);
        Instant to = Instant.ofEpochMilli(start + 7 * 3_600_000L);
        var before = queries.range(server.id(), "node_load1", Map.of(), from, to, Duration.ofSeconds(30));

        assertThat(compaction.compactBefore(Instant.ofEpochMilli(start + 2 * WINDOW))).isEqualTo(2 * 7 * 120);
        assertThat(plainSamples()).isZero();
        assertThat(jdbc.sql("select count(*) from metric_blocks b join metric_series m on m.id = b.series_id"
                + " where m.server_id = ?").param(server.id()).query(Long.class).single()).isEqualTo(4);

        var after = queries.range(server.id(), "node_load1", Map.of(), from, to, Duration.ofSeconds(30));
        assertThat(after.series().getFirst().points()).as("the same points from the blocks")
                .isEqualTo(before.series().getFirst().points()).hasSize(7 * 120);

        var fiveMinutes = queries.range(server.id(), "node_load1", Map.of(), from, to, Duration.ofMinutes(5));
        assertThat(fiveMinutes.resolution()).isEqualTo(Resolution.FIVE_MINUTES);
        assertThat(fiveMinutes.series().getFirst().points()).hasSize(7 * 12).allSatisfy(p -> {
            assertThat(p.avg()).isEqualTo(4.5);
            assertThat(p.min()).isZero();
            assertThat(p.max()).isEqualTo(9);
        });
        var hourly = queries.range(server.id(), "node_network_receive_bytes_total", Map.of("device", "eth0"), from, to,
                Duration.ofHours(1));
        assertThat(hourly.resolution()).isEqualTo(Resolution.ONE_HOUR);
        assertThat(hourly.unit()).isEqualTo("bytes/s");
        assertThat(hourly.series().getFirst().points()).as("a counter is a per-second rate").hasSize(6)
                .allSatisfy(p -> assertThat(p.avg()).isCloseTo(1000.0 / 30, within(1e-9)));

        // A late round (replayed from an agent's spool) for the compacted first window.
        Instant late = Instant.ofEpochMilli(start + 15_000);
        send(List.of(round(late, TestAgent.sample("node_load1", 100))));
        compaction.compactBefore(Instant.ofEpochMilli(start + 2 * WINDOW));
        var merged = queries.range(server.id(), "node_load1", Map.of(), from, from.plusSeconds(60),
                Duration.ofSeconds(15));
        assertThat(merged.series().getFirst().points()).extracting(MetricQueryService.Point::avg)
                .containsExactly(0.0, 100.0, 1.0);
        var bucket = queries.range(server.id(), "node_load1", Map.of(), from, from.plus(Duration.ofMinutes(5)),
                Duration.ofMinutes(5));
        assertThat(bucket.series().getFirst().points()).singleElement()
                .satisfies(p -> assertThat(p.max()).as("the rollup took the late sample in").isEqualTo(100));
    }

    @Test
    void rollupBlocksAnswerAsTheSamplesDidBeforeCompaction() throws Exception {
        // Seven hours at 30 s of a load with two decimals, a CPU counter in hundredths and a gauge
        // that is not decimal (XOR columns), starting at a window boundary two days ago.
        long start = Math.floorDiv(Instant.now().minus(Duration.ofDays(2)).toEpochMilli(), WINDOW) * WINDOW;
        Random random = new Random(42);
        List<Envelope> rounds = new ArrayList<>();
        long cpu = 12_345_678;
        for (int i = 0; i < 7 * 120; i++) {
            cpu += 100 + random.nextInt(100);
            rounds.add(round(Instant.ofEpochMilli(start + i * 30_000L + random.nextInt(5)),
                    TestAgent.sample("node_load1", random.nextInt(400) / 100.0),
                    TestAgent.sample("node_load5", Math.PI * random.nextGaussian()),
                    TestAgent.sample("node_cpu_seconds_total", cpu / 100.0, "cpu", "0", "mode", "user")));
        }
        sendInBatches(rounds);
        Instant from = Instant.ofEpochMilli(start);
        Instant to = Instant.ofEpochMilli(start + 7 * 3_600_000L);
        List<MetricQueryService.MetricRange> before = rollupQueries(from, to);

        compaction.compactBefore(Instant.ofEpochMilli(start + 2 * WINDOW));
        assertThat(plainSamples()).isZero();
        assertThat(jdbc.sql("select bucket_minutes, count(*) from metric_rollup_blocks b join metric_series m"
                        + " on m.id = b.series_id where m.server_id = ? group by 1 order by 1").param(server.id())
                .query((rs, n) -> rs.getInt(1) + ":" + rs.getInt(2)).list())
                .as("per series, one block of each day and one of each week the two windows lie in")
                .containsExactly("5:" + 3 * periods(start, Resolution.FIVE_MINUTES),
                        "60:" + 3 * periods(start, Resolution.ONE_HOUR));
        List<MetricQueryService.MetricRange> after = rollupQueries(from, to);

        for (int q = 0; q < before.size(); q++) {
            List<MetricQueryService.Point> expected = before.get(q).series().getFirst().points();
            List<MetricQueryService.Point> actual = after.get(q).series().getFirst().points();
            assertThat(actual).as(after.get(q).name() + " at " + after.get(q).step()).hasSameSizeAs(expected)
                    .isNotEmpty();
            for (int i = 0; i < expected.size(); i++) {
                MetricQueryService.Point e = expected.get(i);
                MetricQueryService.Point a = actual.get(i);
                assertThat(a.at()).isEqualTo(e.at());
                assertThat(a.min()).isEqualTo(e.min());
                assertThat(a.max()).isEqualTo(e.max());
                // Sums of decimals are exact decimals in the blocks, floating-point sums in SQL.
                assertThat(a.avg()).isCloseTo(e.avg(), within(1e-12 * Math.max(1, Math.abs(e.avg()))));
            }
        }
    }

    /** @return the number of block periods of this resolution that the two windows from {@code start} touch */
    private static long periods(long start, Resolution resolution) {
        long period = resolution.blockPeriod().toMillis();
        return Math.floorDiv(start + 2 * WINDOW - 1, period) - Math.floorDiv(start, period) + 1;
    }

    private List<MetricQueryService.MetricRange> rollupQueries(Instant from, Instant to) {
        List<MetricQueryService.MetricRange> ranges = new ArrayList<>();
        for (String name : List.of("node_load1", "node_load5", "node_cpu_seconds_total")) {
            for (Duration step : List.of(Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofHours(1))) {
                ranges.add(queries.range(server.id(), name, Map.of(), from, to, step));
            }
        }
        return ranges;
    }

    @Test
    void rollupRowsWrittenBeforeTheBlocksAreStillReadAndExpire() throws Exception {
        long start = Math.floorDiv(Instant.now().minus(Duration.ofDays(1)).toEpochMilli(), WINDOW) * WINDOW;
        send(List.of(round(Instant.ofEpochMilli(start), TestAgent.sample("node_load1", 2)),
                round(Instant.ofEpochMilli(start + 30_000), TestAgent.sample("node_load1", 4))));
        compaction.compactBefore(Instant.ofEpochMilli(start + WINDOW));
        long seriesId = jdbc.sql("select id from metric_series where server_id = ? and name = 'node_load1'")
                .param(server.id()).query(Long.class).single();
        // A row of the table V2 made, for the same bucket: combined with the block's bucket.
        jdbc.sql("insert into metric_rollups_5m (series_id, bucket, min, max, sum, count, last, last_at)"
                        + " values (?, ?, 0, 9, 9, 2, 9, ?)")
                .params(seriesId, Timestamp.from(Instant.ofEpochMilli(start)),
                        Timestamp.from(Instant.ofEpochMilli(start + 60_000))).update();

        var range = queries.range(server.id(), "node_load1", Map.of(), Instant.ofEpochMilli(start),
                Instant.ofEpochMilli(start + 300_000), Duration.ofMinutes(5));

        assertThat(range.series().getFirst().points()).singleElement().satisfies(p -> {
            assertThat(p.min()).isZero();
            assertThat(p.max()).isEqualTo(9);
            assertThat(p.avg()).isEqualTo(15 / 4.0);
        });

        // Past their retention (90 days, 2 years), rows and blocks whose whole period is over go.
        long day = Duration.ofDays(1).toMillis();
        Instant old = Instant.ofEpochMilli(Math.floorDiv(Instant.now().minus(Duration.ofDays(92)).toEpochMilli(), day) * day);
        byte[] block = RollupBlock.encode(new long[] {old.toEpochMilli()}, new Aggregate[] {Aggregate.of(
                old.toEpochMilli(), 1)}, 1);
        jdbc.sql("insert into metric_rollup_blocks (series_id, period_start, bucket_minutes, data) values (?, ?, 5, ?),"
                        + " (?, ?, 60, ?)").params(seriesId, Timestamp.from(old), block, seriesId, Timestamp.from(old), block)
                .update();
        compaction.applyRetention();
        assertThat(jdbc.sql("select bucket_minutes from metric_rollup_blocks where series_id = ? order by 1")
                .param(seriesId).query(Integer.class).list())
                .as("the old day of 5-minute buckets is gone, its hourly buckets and today's blocks stay")
                .containsExactly(5, 60, 60);
    }

    @Test
    void databaseConnectionsAreStoredAndChartedWithTheirMaximum() throws Exception {
        Instant at = Instant.now().minusSeconds(30);
        send(List.of(round(at, TestAgent.sample("mysql_global_status_threads_connected", 12),
                TestAgent.sample("mysql_global_status_max_used_connections", 40),
                TestAgent.sample("mysql_global_variables_max_connections", 151),
                TestAgent.sample("vigie_postgresql_connections", 7), TestAgent.sample("pg_settings_max_connections", 100))));
        assertThat(plainSamples()).as("every database metric is known").isEqualTo(5);

        mvc.perform(get("/servers/" + server.id() + "/charts").param("chart", "connections").param("range", "1h")
                        .with(as(operator)))
                .andExpect(status().isOk()).andExpect(jsonPath("$.unit").value("connections"))
                .andExpect(jsonPath("$.series[*].label").value(contains("MySQL", "MySQL max", "PostgreSQL",
                        "PostgreSQL max")))
                .andExpect(jsonPath("$.series[*].values[0]").value(contains(12.0, 151.0, 7.0, 100.0)));
    }

    @Test
    void theApiAnswersPointsAndProblemsNamingTheField() throws Exception {
        Instant at = Instant.now().minusSeconds(30);
        send(List.of(round(at, TestAgent.sample("node_load5", 1.5), TestAgent.sample("node_load1", 0.5))));
        mvc.perform(get("/api/v1/servers/" + server.id() + "/metrics").param("name", "node_load5").with(as(operator)))
                .andExpect(status().isOk()).andExpect(jsonPath("$.resolution").value("RAW"))
                .andExpect(jsonPath("$.series[0].points[0].avg").value(1.5));
        mvc.perform(get("/api/v1/servers/" + server.id() + "/metrics").param("name", "node_nothing").with(as(operator)))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("name"));
        mvc.perform(get("/api/v1/servers/" + server.id() + "/metrics").param("name", "node_load5")
                        .param("step", "PT0.1S").with(as(operator)))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("step"));
        mvc.perform(get("/servers/" + server.id() + "/charts").param("chart", "load").param("range", "1h")
                        .with(as(operator)))
                .andExpect(status().isOk()).andExpect(jsonPath("$.unit").value("load"))
                .andExpect(jsonPath("$.series[0].label").value("1 min")).andExpect(jsonPath("$.series[1].label").value("5 min"))
                .andExpect(jsonPath("$.series[1].values[0]").value(1.5));
    }
}
