package io.vigie.server.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.DoubleBinaryOperator;

import org.springframework.stereotype.Service;

import io.vigie.server.platform.InvalidInputException;
import io.vigie.server.uptime.Monitor;
import io.vigie.server.uptime.UptimeService;

/**
 * The charts of a server's page (CPU, memory, disk, bandwidth, load, connections, response time of
 * its uptime monitors) and of a monitor's page (its response time), each computed from the store's
 * range queries into the columns uPlot draws: one time axis and one array per line, {@code null}
 * where a line has no point.
 */
@Service
public class MetricCharts {

    /** The periods a chart can show, with the step of its points. */
    public enum Period {
        /** Last hour, every sample (30 s). */
        HOUR("1h", Duration.ofHours(1), Duration.ofSeconds(30)),
        /** Last 24 hours, 5-minute points. */
        DAY("24h", Duration.ofDays(1), Duration.ofMinutes(5)),
        /** Last 7 days, 30-minute points. */
        WEEK("7d", Duration.ofDays(7), Duration.ofMinutes(30)),
        /** Last 30 days, 2-hour points. */
        MONTH("30d", Duration.ofDays(30), Duration.ofHours(2));

        private final String key;
        private final Duration length;
        private final Duration step;

        Period(String key, Duration length, Duration step) {
            this.key = key;
            this.length = length;
            this.step = step;
        }

        /** @return the period's name in URLs: 1h, 24h, 7d or 30d */
        public String key() {
            return key;
        }

        static Period of(String key) {
            return Arrays.stream(values()).filter(p -> p.key.equals(key)).findFirst()
                    .orElseThrow(() -> new InvalidInputException("range", "one of 1h, 24h, 7d, 30d"));
        }
    }

    /** The charts, in the order of the page. */
    public enum Chart {
        /** CPU use by mode, percent. */
        CPU,
        /** Memory and swap used, bytes. */
        MEMORY,
        /** Use of each file system, percent. */
        DISK,
        /** Bytes received and sent per second, all interfaces. */
        BANDWIDTH,
        /** Load averages. */
        LOAD,
        /** TCP connections, and those of the database servers with their maximum. */
        CONNECTIONS,
        /** Response time of uptime monitors, milliseconds: one line per monitor, named after it. */
        RESPONSE_TIME;

        /** @return the chart's name in URLs and in its data, e.g. {@code response_time} */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Chart of(String name) {
            return Arrays.stream(values()).filter(c -> c.key().equals(name)).findFirst()
                    .orElseThrow(() -> new InvalidInputException("chart",
                            "one of cpu, memory, disk, bandwidth, load, connections, response_time"));
        }
    }

    /**
     * What uPlot draws.
     *
     * @param chart the chart
     * @param unit unit of the values: percent, bytes, bytes/s, load or connections
     * @param from start of the period shown, epoch seconds
     * @param to end of the period shown, epoch seconds
     * @param x times of the points, epoch seconds
     * @param series the lines: a label and one value (or null) per time
     * @param note what the chart says when it has no line, as a message key (the console translates
     *        it); null for the generic "no data"
     */
    public record ChartData(String chart, String unit, long from, long to, long[] x, List<Line> series, String note) {
    }

    /**
     * @param label what the line shows (a mode, a mount point, an interface direction...)
     * @param values one value per time, null where there is none
     */
    public record Line(String label, Double[] values) {
    }

    /** Message key of the response time chart of a server that no monitor watches. */
    static final String NO_MONITOR = "charts.responseTime.noMonitor";

    private final MetricQueryService queries;
    private final UptimeService monitors;
    private final Clock clock;

    MetricCharts(MetricQueryService queries, UptimeService monitors, Clock clock) {
        this.queries = queries;
        this.monitors = monitors;
        this.clock = clock;
    }

    /**
     * @param serverId a server the viewer may see
     * @param chartName cpu, memory, disk, bandwidth, load, connections or response_time
     * @param periodKey 1h, 24h, 7d or 30d
     * @return the chart's columns
     */
    public ChartData chart(UUID serverId, String chartName, String periodKey) {
        Chart chart = Chart.of(chartName);
        Query q = Query.of(serverId, Period.of(periodKey), clock.instant());
        Map<String, TreeMap<Long, Double>> lines = switch (chart) {
            case CPU -> cpu(q);
            case MEMORY -> memory(q);
            case DISK -> disk(q);
            case BANDWIDTH -> sum(q, "received", "node_network_receive_bytes_total",
                    "sent", "node_network_transmit_bytes_total");
            case LOAD -> sum(q, "1 min", "node_load1", "5 min", "node_load5", "15 min", "node_load15");
            case CONNECTIONS -> connections(q);
            case RESPONSE_TIME -> responseTimes(monitors.ofServer(serverId), q);
        };
        String unit = switch (chart) {
            case CPU, DISK -> "percent";
            case MEMORY -> "bytes";
            case BANDWIDTH -> "bytes/s";
            case LOAD -> "load";
            case CONNECTIONS -> "connections";
            case RESPONSE_TIME -> "ms";
        };
        // Every attached monitor has a line, even without points: no line means no monitor.
        String note = chart == Chart.RESPONSE_TIME && lines.isEmpty() ? NO_MONITOR : null;
        return columns(chart.key(), unit, q, lines, note);
    }

    /**
     * @param monitor a monitor the viewer may see
     * @param chartName response_time, the only chart of a monitor
     * @param periodKey 1h, 24h, 7d or 30d
     * @return the chart's columns: one line, named after the monitor
     */
    public ChartData monitorChart(Monitor monitor, String chartName, String periodKey) {
        if (Chart.of(chartName) != Chart.RESPONSE_TIME) {
            throw new InvalidInputException("chart", "a monitor has only the response_time chart");
        }
        Query q = Query.of(null, Period.of(periodKey), clock.instant());
        return columns(Chart.RESPONSE_TIME.key(), "ms", q, responseTimes(List.of(monitor), q), null);
    }

    /**
     * @param serverId the server whose agent metrics are charted; null for a monitor's chart
     * @param from start of the period
     * @param to end of the period
     * @param step step between points
     */
    private record Query(UUID serverId, Instant from, Instant to, Duration step) {
        static Query of(UUID serverId, Period period, Instant to) {
            return new Query(serverId, to.minus(period.length), to, period.step);
        }

        MetricQueryService.MetricRange run(MetricQueryService queries, String name, Map<String, String> match) {
            return queries.range(serverId, name, match, from, to, step);
        }
    }

    /**
     * One line per monitor, named after it (a second monitor of the same name gets the start of
     * its id): the average time of its answers in milliseconds per step. The step is at least the
     * longest interval of the monitors, so that every step holds a check and the lines do not break
     * between checks; a step without an answer (a failure without a response) is a gap.
     */
    private Map<String, TreeMap<Long, Double>> responseTimes(List<Monitor> charted, Query q) {
        Duration step = q.step();
        for (Monitor monitor : charted) {
            Duration interval = Duration.ofSeconds(monitor.intervalSeconds());
            step = interval.compareTo(step) > 0 ? interval : step;
        }
        Map<String, TreeMap<Long, Double>> lines = new LinkedHashMap<>();
        for (Monitor monitor : charted) {
            TreeMap<Long, Double> line = new TreeMap<>();
            queries.range(MetricCatalog.Owner.MONITOR, monitor.id(), MetricCatalog.PROBE_DURATION, Map.of(), q.from(),
                    q.to(), step).series().forEach(s -> s.points().forEach(p -> line.put(p.at(), p.avg() * 1000)));
            String label = lines.containsKey(monitor.name())
                    ? monitor.name() + " (" + monitor.id().toString().substring(0, 8) + ")" : monitor.name();
            lines.put(label, line);
        }
        return lines;
    }

    /** CPU use by mode group, as a percentage of all the CPU time of the step. */
    private Map<String, TreeMap<Long, Double>> cpu(Query q) {
        Map<String, TreeMap<Long, Double>> byMode = new TreeMap<>();
        for (var series : q.run(queries, "node_cpu_seconds_total", Map.of()).series()) {
            String mode = series.labels().getOrDefault("mode", "other");
            String group = switch (mode) {
                case "user", "system", "iowait", "steal", "idle" -> mode;
                default -> "other";
            };
            add(byMode.computeIfAbsent(group, k -> new TreeMap<>()), series.points(), Double::sum);
        }
        TreeMap<Long, Double> total = new TreeMap<>();
        byMode.values().forEach(line -> line.forEach((t, v) -> total.merge(t, v, Double::sum)));
        Map<String, TreeMap<Long, Double>> percent = new LinkedHashMap<>();
        for (String mode : List.of("user", "system", "iowait", "steal", "other")) {
            TreeMap<Long, Double> line = byMode.get(mode);
            if (line != null) {
                TreeMap<Long, Double> pct = new TreeMap<>();
                line.forEach((t, v) -> {
                    Double all = total.get(t);
                    if (all != null && all > 0) {
                        pct.put(t, 100 * v / all);
                    }
                });
                percent.put(mode, pct);
            }
        }
        return percent;
    }

    private Map<String, TreeMap<Long, Double>> memory(Query q) {
        TreeMap<Long, Double> total = single(q, "node_memory_MemTotal_bytes");
        TreeMap<Long, Double> available = single(q, "node_memory_MemAvailable_bytes");
        TreeMap<Long, Double> swapTotal = single(q, "node_memory_SwapTotal_bytes");
        TreeMap<Long, Double> swapFree = single(q, "node_memory_SwapFree_bytes");
        Map<String, TreeMap<Long, Double>> lines = new LinkedHashMap<>();
        lines.put("used", combine(total, available, (a, b) -> a - b));
        lines.put("total", total);
        lines.put("swap used", combine(swapTotal, swapFree, (a, b) -> a - b));
        return lines;
    }

    private Map<String, TreeMap<Long, Double>> disk(Query q) {
        Map<String, TreeMap<Long, Double>> lines = new TreeMap<>();
        var sizes = q.run(queries, "node_filesystem_size_bytes", Map.of()).series();
        var avails = q.run(queries, "node_filesystem_avail_bytes", Map.of()).series();
        for (var size : sizes) {
            avails.stream().filter(a -> a.labels().equals(size.labels())).findFirst().ifPresent(avail -> {
                TreeMap<Long, Double> s = new TreeMap<>();
                TreeMap<Long, Double> a = new TreeMap<>();
                add(s, size.points(), Double::sum);
                add(a, avail.points(), Double::sum);
                lines.put(size.labels().getOrDefault("mountpoint", "?"),
                        combine(s, a, (total, free) -> total > 0 ? 100 * (total - free) / total : 0));
            });
        }
        return lines;
    }

    private Map<String, TreeMap<Long, Double>> connections(Query q) {
        Map<String, TreeMap<Long, Double>> lines = new LinkedHashMap<>();
        for (String state : List.of("established", "time_wait")) {
            TreeMap<Long, Double> line = new TreeMap<>();
            q.run(queries, "node_tcp_connection_states", Map.of("state", state)).series()
                    .forEach(s -> add(line, s.points(), Double::sum));
            lines.put(state, line);
        }
        for (var port : q.run(queries, "vigie_tcp_connections", Map.of()).series()) {
            TreeMap<Long, Double> line = new TreeMap<>();
            add(line, port.points(), Double::sum);
            lines.put("port " + port.labels().getOrDefault("port", "?"), line);
        }
        lines.putAll(sum(q, "MySQL", "mysql_global_status_threads_connected",
                "MySQL max", "mysql_global_variables_max_connections",
                "PostgreSQL", "vigie_postgresql_connections", "PostgreSQL max", "pg_settings_max_connections"));
        return lines;
    }

    /** One line per label, in order: the sum over the series of the metric named after it. */
    private Map<String, TreeMap<Long, Double>> sum(Query q, String... labelsAndNames) {
        Map<String, TreeMap<Long, Double>> lines = new LinkedHashMap<>();
        for (int i = 0; i < labelsAndNames.length; i += 2) {
            lines.put(labelsAndNames[i], single(q, labelsAndNames[i + 1]));
        }
        return lines;
    }

    private TreeMap<Long, Double> single(Query q, String name) {
        TreeMap<Long, Double> line = new TreeMap<>();
        q.run(queries, name, Map.of()).series().forEach(s -> add(line, s.points(), Double::sum));
        return line;
    }

    private static void add(TreeMap<Long, Double> line, List<MetricQueryService.Point> points, DoubleBinaryOperator op) {
        points.forEach(p -> line.merge(p.at(), p.avg(), op::applyAsDouble));
    }

    private static TreeMap<Long, Double> combine(TreeMap<Long, Double> a, TreeMap<Long, Double> b,
            DoubleBinaryOperator op) {
        TreeMap<Long, Double> result = new TreeMap<>();
        a.forEach((t, v) -> {
            Double other = b.get(t);
            if (other != null) {
                result.put(t, op.applyAsDouble(v, other));
            }
        });
        return result;
    }

    private static ChartData columns(String chart, String unit, Query q, Map<String, TreeMap<Long, Double>> lines,
            String note) {
        TreeSet<Long> times = new TreeSet<>();
        lines.values().forEach(line -> times.addAll(line.keySet()));
        long[] x = times.stream().mapToLong(t -> t / 1000).toArray();
        List<Line> series = new ArrayList<>();
        lines.forEach((label, line) -> {
            if (!line.isEmpty()) {
                Double[] values = new Double[x.length];
                int i = 0;
                for (Long t : times) {
                    values[i++] = line.get(t);
                }
                series.add(new Line(label, values));
            }
        });
        return new ChartData(chart, unit, q.from().getEpochSecond(), q.to().getEpochSecond(), x, series, note);
    }
}
