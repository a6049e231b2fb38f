package io.vigie.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.vigie.protocol.MessageType;
import io.vigie.protocol.MetricSamples;
import io.vigie.server.VigieServerApplication;
import io.vigie.server.agents.AgentMessageHandler;
import io.vigie.server.agents.ReceivedMessage;
import io.vigie.server.clients.ClientDetails;
import io.vigie.server.clients.ClientService;
import io.vigie.server.metrics.MetricCompaction;
import io.vigie.server.metrics.MetricQueryService;
import io.vigie.server.servers.ServerDetails;
import io.vigie.server.servers.ServerRole;
import io.vigie.server.servers.ServerService;

/**
 * The metric store's benchmark (docs/benchmarks.md): starts the control plane on its embedded
 * PostgreSQL in a fresh data directory, then measures
 * <ol>
 * <li>ingestion: rounds of synthetic node metrics ({@link NodeSeries}) of several hosts through
 * the same handler as the agent API ({@code AgentMessageHandler} for {@code metrics}), 100 rounds
 * per transaction, on as many threads as asked;</li>
 * <li>storage: compaction into blocks, then the bytes of {@code metric_blocks} (table, TOAST and
 * index) per compacted sample, and those of the rollups;</li>
 * <li>query: 30 days of one gauge and one counter at a 5-minute step.</li>
 * </ol>
 * It also writes the same samples as OpenMetrics text, for Prometheus' {@code promtool tsdb
 * create-blocks-from openmetrics}, so that both stores hold exactly the same data.
 *
 * <p>Arguments: {@code dataDir openMetricsFile [hosts] [days] [threads]}.
 */
public final class MetricStoreBenchmark {

    private static final Duration INTERVAL = Duration.ofSeconds(30);
    private static final int ROUNDS_PER_TRANSACTION = 100;

    private MetricStoreBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        Path openMetrics = Path.of(args[1]);
        int hosts = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        int days = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        int threads = args.length > 4 ? Integer.parseInt(args[4]) : 2;

        SpringApplication application = new SpringApplication(VigieServerApplication.class);
        try (ConfigurableApplicationContext context = application.run("--vigie.data-dir=" + dataDir,
                "--server.port=0", "--vigie.agent-api.port=0", "--db-scheduler.enabled=false",
                "--vigie.metrics.raw-retention=40d", "--vigie.admin.password=benchmark-password",
                "--logging.level.root=warn", "--logging.level.io.vigie=warn")) {
            run(context, openMetrics, hosts, days, threads);
        }
    }

    private static void run(ConfigurableApplicationContext context, Path openMetrics, int hosts, int days, int threads)
            throws Exception {
        @SuppressWarnings("unchecked")
        AgentMessageHandler<MetricSamples> handler = context.getBeansOfType(AgentMessageHandler.class).values().stream()
                .filter(h -> h.type() == MessageType.METRICS).findFirst().orElseThrow();
        TransactionTemplate transactions = context.getBean(TransactionTemplate.class);
        JdbcClient jdbc = context.getBean(JdbcClient.class);
        ClientService clients = context.getBean(ClientService.class);
        ServerService servers = context.getBean(ServerService.class);
        MetricCompaction compaction = context.getBean(MetricCompaction.class);
        MetricQueryService queries = context.getBean(MetricQueryService.class);
        UUID clientId = clients.create(new ClientDetails("Benchmark", null, null, null, null, null, null, "FR")).id();

        // 1. Ingestion of the rounds of every host, generated beforehand.
        Instant end = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        Instant start = end.minus(Duration.ofDays(days));
        int rounds = (int) (Duration.between(start, end).toSeconds() / INTERVAL.toSeconds());
        List<UUID> serverIds = new ArrayList<>();
        List<List<MetricSamples>> roundsByHost = new ArrayList<>();
        List<NodeSeries> shapes = new ArrayList<>();
        for (int h = 0; h < hosts; h++) {
            serverIds.add(servers.create(new ServerDetails(clientId, null, "host" + h + ".bench.test",
                    ServerRole.PRODUCTION, null, null, null, null, List.of(), null)).id());
            NodeSeries node = new NodeSeries(h);
            shapes.add(node);
            List<MetricSamples> list = new ArrayList<>(rounds);
            for (int r = 0; r < rounds; r++) {
                double[] values = node.next();
                List<MetricSamples.Sample> samples = new ArrayList<>(values.length);
                for (int i = 0; i < values.length; i++) {
                    NodeSeries.Series s = node.series().get(i);
                    samples.add(new MetricSamples.Sample(s.name(), s.labels(), values[i]));
                }
                list.add(new MetricSamples(start.plus(INTERVAL.multipliedBy(r)), samples));
            }
            roundsByHost.add(list);
        }
        writeOpenMetrics(openMetrics, shapes, roundsByHost);
        long samples = (long) hosts * rounds * shapes.getFirst().series().size();

        long t0 = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> work = new ArrayList<>();
            for (int h = 0; h < hosts; h++) {
                UUID serverId = serverIds.get(h);
                List<MetricSamples> list = roundsByHost.get(h);
                work.add(pool.submit(() -> {
                    for (int from = 0; from < list.size(); from += ROUNDS_PER_TRANSACTION) {
                        List<MetricSamples> chunk = list.subList(from, Math.min(list.size(), from + ROUNDS_PER_TRANSACTION));
                        transactions.executeWithoutResult(status -> {
                            Instant now = Instant.now();
                            for (MetricSamples round : chunk) {
                                handler.validate(round, now);
                                handler.handle(new ReceivedMessage<>(serverId, serverId, UUID.randomUUID(), round, now));
                            }
                        });
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
        }
        double ingestSeconds = (System.nanoTime() - t0) / 1e9;

        // 2. Compaction and bytes per sample at rest.
        long t1 = System.nanoTime();
        long compacted = compaction.compact();
        double compactSeconds = (System.nanoTime() - t1) / 1e9;
        jdbc.sql("vacuum analyze metric_blocks").update();
        long blockBytes = jdbc.sql("select pg_total_relation_size('metric_blocks')").query(Long.class).single();
        long blockSamples = jdbc.sql("select coalesce(sum(samples), 0) from metric_blocks").query(Long.class).single();
        long dataBytes = jdbc.sql("select coalesce(sum(octet_length(data)), 0) from metric_blocks").query(Long.class)
                .single();
        // Rollup blocks are rewritten by each window's compaction: measured after a vacuum (dead
        // versions reusable, as autovacuum leaves them) and after a vacuum full (live rows only).
        jdbc.sql("vacuum analyze metric_rollup_blocks").update();
        String rollupSize = "select pg_total_relation_size('metric_rollup_blocks')"
                + " + pg_total_relation_size('metric_rollups_5m') + pg_total_relation_size('metric_rollups_1h')";
        long rollupBytes = jdbc.sql(rollupSize).query(Long.class).single();
        jdbc.sql("vacuum full metric_rollup_blocks").update();
        long rollupLiveBytes = jdbc.sql(rollupSize).query(Long.class).single();
        long rollupDataBytes = jdbc.sql("select coalesce(sum(octet_length(data)), 0) from metric_rollup_blocks")
                .query(Long.class).single();
        long plainRows = jdbc.sql("select count(*) from metric_samples").query(Long.class).single();
        long plainBytes = jdbc.sql("select pg_total_relation_size('metric_samples')").query(Long.class).single();

        // 3. Query: 30 days of a gauge and a counter at a 5-minute step.
        UUID queried = servers.create(new ServerDetails(clientId, null, "query.bench.test", ServerRole.PRODUCTION,
                null, null, null, null, List.of(), null)).id();
        Instant monthAgo = end.minus(Duration.ofDays(30));
        NodeSeries node = new NodeSeries(99);
        int monthRounds = (int) (Duration.ofDays(30).toSeconds() / INTERVAL.toSeconds());
        for (int from = 0; from < monthRounds; from += ROUNDS_PER_TRANSACTION) {
            int first = from;
            transactions.executeWithoutResult(status -> {
                Instant now = Instant.now();
                for (int r = first; r < Math.min(monthRounds, first + ROUNDS_PER_TRANSACTION); r++) {
                    double[] v = node.next();
                    MetricSamples round = new MetricSamples(monthAgo.plus(INTERVAL.multipliedBy(r)), List.of(
                            new MetricSamples.Sample("node_load1", Map.of(), v[16]),
                            new MetricSamples.Sample("node_network_receive_bytes_total", Map.of("device", "eth0"),
                                    v[50])));
                    handler.validate(round, now);
                    handler.handle(new ReceivedMessage<>(queried, queried, UUID.randomUUID(), round, now));
                }
            });
        }
        compaction.compact();
        Map<String, double[]> queryMillis = new LinkedHashMap<>();
        for (String name : List.of("node_load1", "node_network_receive_bytes_total")) {
            double[] times = new double[30];
            for (int i = -5; i < times.length; i++) {
                long q0 = System.nanoTime();
                var range = queries.range(queried, name, Map.of(), monthAgo, end, Duration.ofMinutes(5));
                double ms = (System.nanoTime() - q0) / 1e6;
                if (range.series().getFirst().points().size() < 8000) {
                    throw new IllegalStateException("expected 30 days of 5-minute points, got "
                            + range.series().getFirst().points().size());
                }
                if (i >= 0) {
                    times[i] = ms;
                }
            }
            Arrays.sort(times);
            queryMillis.put(name, times);
        }

        System.out.printf(Locale.ROOT, "%nRESULTS%n");
        System.out.printf(Locale.ROOT, "hosts=%d series/host=%d days=%d threads=%d samples=%d%n", hosts,
                shapes.getFirst().series().size(), days, threads, samples);
        System.out.printf(Locale.ROOT, "ingestion: %.1f s, %.0f samples/s%n", ingestSeconds, samples / ingestSeconds);
        System.out.printf(Locale.ROOT, "compaction: %d samples in %.1f s, %.0f samples/s%n", compacted, compactSeconds,
                compacted / compactSeconds);
        System.out.printf(Locale.ROOT, "blocks: %d samples, %d bytes with table+TOAST+index = %.2f bytes/sample"
                + " (block data alone %.2f bytes/sample)%n", blockSamples, blockBytes, (double) blockBytes / blockSamples,
                (double) dataBytes / blockSamples);
        System.out.printf(Locale.ROOT, "plain (last window, not compacted yet): %d rows, %.1f bytes/row%n", plainRows,
                plainRows == 0 ? 0 : (double) plainBytes / plainRows);
        System.out.printf(Locale.ROOT, "rollups (5 min + 1 h): %d bytes after vacuum = %.2f bytes/compacted sample;"
                + " %d bytes after vacuum full = %.2f bytes/compacted sample (block data alone %.2f)%n", rollupBytes,
                (double) rollupBytes / blockSamples, rollupLiveBytes, (double) rollupLiveBytes / blockSamples,
                (double) rollupDataBytes / blockSamples);
        queryMillis.forEach((name, t) -> System.out.printf(Locale.ROOT,
                "query 30 d at 5 min of %s: median %.1f ms, p95 %.1f ms, max %.1f ms (30 runs after 5 warm-ups)%n",
                name, t[t.length / 2], t[(int) Math.ceil(t.length * 0.95) - 1], t[t.length - 1]));
        System.out.printf(Locale.ROOT, "openmetrics: %s (%d samples, for promtool)%n", openMetrics, samples);
    }

    /** The same samples, as OpenMetrics text grouped by metric family (what promtool requires). */
    private static void writeOpenMetrics(Path file, List<NodeSeries> shapes, List<List<MetricSamples>> roundsByHost)
            throws IOException {
        List<String> names = shapes.getFirst().series().stream().map(NodeSeries.Series::name).distinct().toList();
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (String name : names) {
                out.write("# TYPE " + name + " gauge\n");
                for (int h = 0; h < shapes.size(); h++) {
                    List<NodeSeries.Series> series = shapes.get(h).series();
                    for (int i = 0; i < series.size(); i++) {
                        if (!series.get(i).name().equals(name)) {
                            continue;
                        }
                        String labels = series.get(i).labels().entrySet().stream().sorted(Map.Entry.comparingByKey())
                                .map(e -> e.getKey() + "=\"" + e.getValue() + "\"").collect(Collectors.joining(","));
                        String prefix = name + "{" + (labels.isEmpty() ? "" : labels + ",") + "instance=\"host" + h
                                + "\"} ";
                        for (MetricSamples round : roundsByHost.get(h)) {
                            out.write(prefix + repr(round.samples().get(i).value()) + " "
                                    + round.observedAt().getEpochSecond() + "\n");
                        }
                    }
                }
            }
            out.write("# EOF\n");
        }
    }

    private static String repr(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }
}
