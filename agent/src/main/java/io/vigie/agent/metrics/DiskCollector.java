package io.vigie.agent.metrics;

import io.vigie.agent.host.HostFiles;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * I/O counters of the block devices, from {@code /proc/diskstats}, labelled {@code device}:
 * {@code node_disk_reads_completed_total}, {@code node_disk_writes_completed_total},
 * {@code node_disk_read_bytes_total}, {@code node_disk_written_bytes_total} (the kernel counts
 * 512-byte sectors whatever the device's own sector size) and
 * {@code node_disk_io_time_seconds_total} (time the device was busy; the kernel counts ms).
 *
 * <p>Devices matching node_exporter's default exclusion ({@link #IGNORED}) are left out: RAM and
 * loop devices, floppies, and partitions of sd, hd, vd, xvd and NVMe disks, which would count
 * the same I/O twice. A malformed line is skipped.
 */
final class DiskCollector extends LineCollector {

    /** node_exporter's {@code --collector.diskstats.device-exclude} default. */
    static final Pattern IGNORED = Pattern.compile("^(z?ram|loop|fd|(h|s|v|xv)d[a-z]|nvme\\d+n\\d+p)\\d+$");

    private static final double SECTOR_BYTES = 512;

    DiskCollector(HostFiles files) {
        super("disk", files, "/proc/diskstats");
    }

    @Override
    void line(String line, SampleSink sink) {
        String[] fields = ProcText.fields(line);
        if (fields.length < 14 || IGNORED.matcher(fields[2]).matches()) {
            return;
        }
        double reads;
        double readSectors;
        double writes;
        double writtenSectors;
        double ioMillis;
        try {
            reads = ProcText.unsigned(fields[3]);
            readSectors = ProcText.unsigned(fields[5]);
            writes = ProcText.unsigned(fields[7]);
            writtenSectors = ProcText.unsigned(fields[9]);
            ioMillis = ProcText.unsigned(fields[12]);
        } catch (NumberFormatException e) {
            return;
        }
        Map<String, String> labels = Map.of("device", fields[2]);
        sink.add("node_disk_reads_completed_total", labels, reads);
        sink.add("node_disk_writes_completed_total", labels, writes);
        sink.add("node_disk_read_bytes_total", labels, readSectors * SECTOR_BYTES);
        sink.add("node_disk_written_bytes_total", labels, writtenSectors * SECTOR_BYTES);
        sink.add("node_disk_io_time_seconds_total", labels, ioMillis / 1000);
    }
}
