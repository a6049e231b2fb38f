package io.vigie.server.metrics;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The metrics the control plane knows: what the agent's collectors send (docs/metrics.md), with
 * their kind and unit. A sample of another name is dropped at ingestion.
 */
public final class MetricCatalog {

    /** How a metric's values are read. */
    public enum Kind {
        /** A value at a time (load, bytes used). */
        GAUGE,
        /** A monotonic count since some start, shown as a per-second rate. */
        COUNTER
    }

    /**
     * @param name metric name
     * @param kind gauge or counter
     * @param unit unit of the value (of the rate's numerator for a counter)
     */
    public record Metric(String name, Kind kind, String unit) {
    }

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
            gauge("nginx_connections_active", "connections"), gauge("nginx_connections_reading", "connections"),
            gauge("nginx_connections_writing", "connections"), gauge("nginx_connections_waiting", "connections"),
            counter("nginx_connections_accepted", "connections"), counter("nginx_connections_handled", "connections"),
            counter("nginx_http_requests_total", "requests"),
            gauge("apache_connections", "connections"), gauge("apache_workers", "workers"),
            counter("apache_accesses_total", "requests"),
            gauge("mysql_global_status_threads_connected", "connections"),
            gauge("mysql_global_status_max_used_connections", "connections"),
            gauge("mysql_global_variables_max_connections", "connections"),
            gauge("vigie_postgresql_connections", "connections"), gauge("pg_settings_max_connections", "connections"))
            .collect(Collectors.toUnmodifiableMap(Metric::name, m -> m));

    private MetricCatalog() {
    }

    /**
     * @param name a metric name
     * @return its definition, if the control plane knows it
     */
    public static Optional<Metric> find(String name) {
        return Optional.ofNullable(METRICS.get(name));
    }

    private static Metric gauge(String name, String unit) {
        return new Metric(name, Kind.GAUGE, unit);
    }

    private static Metric counter(String name, String unit) {
        return new Metric(name, Kind.COUNTER, unit);
    }
}
