package io.vigie.server.metrics;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The metrics the control plane knows (docs/metrics.md), with their kind, unit and owner: what the
 * agent's collectors send about their server, and what the uptime checks measure of a monitor. A
 * sample of another name, or of a monitor's metric sent by an agent, is dropped at ingestion.
 */
public final class MetricCatalog {

    /** How a metric's values are read. */
    public enum Kind {
        /** A value at a time (load, bytes used). */
        GAUGE,
        /** A monotonic count since some start, shown as a per-second rate. */
        COUNTER
    }

    /** What a metric's series belong to. */
    public enum Owner {
        /** A managed server: the agent's metrics. */
        SERVER,
        /** An uptime monitor: what its checks measure. */
        MONITOR
    }

    /**
     * @param name metric name
     * @param kind gauge or counter
     * @param unit unit of the value (of the rate's numerator for a counter)
     * @param owner what its series belong to
     */
    public record Metric(String name, Kind kind, String unit, Owner owner) {
    }

    /** Seconds from the start of an uptime check's deciding attempt to its answer (blackbox_exporter's name). */
    public static final String PROBE_DURATION = "probe_duration_seconds";
    /** 1 when an uptime check succeeded, 0 when it failed (blackbox_exporter's name). */
    public static final String PROBE_SUCCESS = "probe_success";
    /** Days before the certificate of an HTTPS monitor's server expires. */
    public static final String PROBE_CERT_DAYS_LEFT = "vigie_probe_cert_days_left";

    private static final Map<String, Metric> METRICS = Stream.of(
            counter("node_cpu_seconds_total", "seconds"),
            gauge("node_load1", "load"), gauge("node_load5", "load"), gauge("node_load15", "load"),
            gauge("node_memory_MemTotal_bytes", "bytes"), gauge("node_memory_MemFree_bytes", "bytes"),
            gauge("node_memory_MemAvailable_bytes", "bytes"), gauge("node_memory_Buffers_bytes", "bytes"),
            gauge("node_memory_Cached_bytes", "bytes"), gauge("node_memory_SwapTotal_bytes", "bytes"),
            gauge("node_memory_SwapFree_bytes", "bytes"),
            gauge("node_filesystem_size_bytes", "bytes"), gauge("node_filesystem_avail_bytes", "bytes"),
            gauge("node_filesystem_free_bytes", "bytes"), gauge("node_filesystem_files", "inodes"),
            gauge("node_filesystem_files_free", "inodes"),
            counter("node_disk_reads_completed_total", "operations"),
            counter("node_disk_writes_completed_total", "operations"),
            counter("node_disk_read_bytes_total", "bytes"), counter("node_disk_written_bytes_total", "bytes"),
            counter("node_disk_io_time_seconds_total", "seconds"),
            counter("node_network_receive_bytes_total", "bytes"),
            counter("node_network_transmit_bytes_total", "bytes"),
            counter("node_network_receive_packets_total", "packets"),
            counter("node_network_transmit_packets_total", "packets"),
            counter("node_network_receive_errs_total", "errors"),
            counter("node_network_transmit_errs_total", "errors"),
            gauge("node_procs_running", "processes"), gauge("node_procs_blocked", "processes"),
            gauge("vigie_processes", "processes"),
            gauge("node_tcp_connection_states", "connections"), gauge("vigie_tcp_connections", "connections"),
            gauge("node_md_disks", "disks"), gauge("node_md_state", "state"),
            gauge("smartctl_device_smart_status", "state"), gauge("smartctl_device_temperature", "celsius"),
            gauge("vigie_smart_result_age_seconds", "seconds"),
            counter("node_edac_correctable_errors_total", "errors"),
            counter("node_edac_uncorrectable_errors_total", "errors"),
            gauge("nginx_connections_active", "connections"), gauge("nginx_connections_reading", "connections"),
            gauge("nginx_connections_writing", "connections"), gauge("nginx_connections_waiting", "connections"),
            counter("nginx_connections_accepted", "connections"), counter("nginx_connections_handled", "connections"),
            counter("nginx_http_requests_total", "requests"),
            gauge("apache_connections", "connections"), gauge("apache_workers", "workers"),
            counter("apache_accesses_total", "requests"),
            gauge("mysql_global_status_threads_connected", "connections"),
            gauge("mysql_global_status_max_used_connections", "connections"),
            gauge("mysql_global_variables_max_connections", "connections"),
            gauge("vigie_postgresql_connections", "connections"), gauge("pg_settings_max_connections", "connections"),
            probe(PROBE_DURATION, "seconds"), probe(PROBE_SUCCESS, "ratio"), probe(PROBE_CERT_DAYS_LEFT, "days"))
            .collect(Collectors.toUnmodifiableMap(Metric::name, m -> m));

    private MetricCatalog() {
    }

    /**
     * @param owner a server or a monitor
     * @param name a metric name
     * @return its definition, if the control plane knows it as a metric of that owner
     */
    public static Optional<Metric> find(Owner owner, String name) {
        return Optional.ofNullable(METRICS.get(name)).filter(m -> m.owner() == owner);
    }

    private static Metric gauge(String name, String unit) {
        return new Metric(name, Kind.GAUGE, unit, Owner.SERVER);
    }

    private static Metric counter(String name, String unit) {
        return new Metric(name, Kind.COUNTER, unit, Owner.SERVER);
    }

    private static Metric probe(String name, String unit) {
        return new Metric(name, Kind.GAUGE, unit, Owner.MONITOR);
    }
}
