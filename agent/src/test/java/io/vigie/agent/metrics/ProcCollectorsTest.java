package io.vigie.agent.metrics;

import static io.vigie.agent.metrics.Fixtures.collect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigie.agent.host.HostFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each collector of {@code /proc} against the fixture host ({@code src/test/resources/metrics/host}),
 * whose files hold malformed lines, devices to leave out and counters beyond 32 bits among the
 * good lines.
 */
class ProcCollectorsTest {

    @TempDir
    Path empty;

    @Test
    void cpuSecondsByModeFromUserHzTicksSkippingTheAggregateAndMalformedLines() {
        // cpu2 is malformed; cpu3 comes from a kernel without the steal column and holds a
        // counter far beyond 32 bits.
        assertThat(collect(new CpuCollector(Fixtures.files()))).containsExactly(
                "node_cpu_seconds_total{cpu=0,mode=user} 11.32",
                "node_cpu_seconds_total{cpu=0,mode=nice} 0.34",
                "node_cpu_seconds_total{cpu=0,mode=system} 14.41",
                "node_cpu_seconds_total{cpu=0,mode=idle} 113117.18",
                "node_cpu_seconds_total{cpu=0,mode=iowait} 36.75",
                "node_cpu_seconds_total{cpu=0,mode=irq} 1.27",
                "node_cpu_seconds_total{cpu=0,mode=softirq} 4.38",
                "node_cpu_seconds_total{cpu=0,mode=steal} 0.05",
                "node_cpu_seconds_total{cpu=1,mode=user} 11.23",
                "node_cpu_seconds_total{cpu=1,mode=nice} 0",
                "node_cpu_seconds_total{cpu=1,mode=system} 8.49",
                "node_cpu_seconds_total{cpu=1,mode=idle} 113138.45",
                "node_cpu_seconds_total{cpu=1,mode=iowait} 26.14",
                "node_cpu_seconds_total{cpu=1,mode=irq} 0",
                "node_cpu_seconds_total{cpu=1,mode=softirq} 0.18",
                "node_cpu_seconds_total{cpu=1,mode=steal} 0",
                "node_cpu_seconds_total{cpu=3,mode=user} 98765432101.23",
                "node_cpu_seconds_total{cpu=3,mode=nice} 0.01",
                "node_cpu_seconds_total{cpu=3,mode=system} 0.02",
                "node_cpu_seconds_total{cpu=3,mode=idle} 0.03",
                "node_cpu_seconds_total{cpu=3,mode=iowait} 0.04",
                "node_cpu_seconds_total{cpu=3,mode=irq} 0.05",
                "node_cpu_seconds_total{cpu=3,mode=softirq} 0.06");
    }

    @Test
    void loadAverages() {
        assertThat(collect(new LoadCollector(Fixtures.files())))
                .containsExactly("node_load1 0.25", "node_load5 1.5", "node_load15 12.75");
    }

    @Test
    void memoryAndSwapInBytes() {
        assertThat(collect(new MemoryCollector(Fixtures.files()))).containsExactly(
                "node_memory_MemTotal_bytes 8232357888",
                "node_memory_MemFree_bytes 1128996864",
                "node_memory_MemAvailable_bytes 6137298944",
                "node_memory_Buffers_bytes 228720640",
                "node_memory_Cached_bytes 4486905856",
                "node_memory_SwapTotal_bytes 2147479552",
                "node_memory_SwapFree_bytes 2147430400");
    }

    @Test
    void malformedLoadAndMemoryValuesAreLeftOutAndTheOthersKept() throws IOException {
        write("proc/loadavg", "0.25 high 3.00 1/2 3\n");
        write("proc/meminfo", "MemTotal:        lots kB\nMemFree:\nBuffers:     100 kB\nCached: 7\n");
        HostFiles files = new HostFiles(empty);

        assertThat(collect(new LoadCollector(files))).containsExactly("node_load1 0.25", "node_load15 3");
        assertThat(collect(new MemoryCollector(files)))
                .containsExactly("node_memory_Buffers_bytes 102400", "node_memory_Cached_bytes 7");
    }

    @Test
    void diskCountersOfWholeDevicesOnly() {
        // Left out: loop0, ram0, zram0 and the partitions vda1, nvme0n1p1 (node_exporter's default
        // exclusion); sr0 (too few fields) and dm-1 (malformed).
        assertThat(collect(new DiskCollector(Fixtures.files()))).containsExactly(
                "node_disk_reads_completed_total{device=vda} 24813",
                "node_disk_writes_completed_total{device=vda} 220143",
                "node_disk_read_bytes_total{device=vda} 1116394496",
                "node_disk_written_bytes_total{device=vda} 4205670400",
                "node_disk_io_time_seconds_total{device=vda} 187.532",
                "node_disk_reads_completed_total{device=nvme0n1} 500",
                "node_disk_writes_completed_total{device=nvme0n1} 600",
                "node_disk_read_bytes_total{device=nvme0n1} 2048000",
                "node_disk_written_bytes_total{device=nvme0n1} 3584000",
                "node_disk_io_time_seconds_total{device=nvme0n1} 3.5",
                "node_disk_reads_completed_total{device=md127} 100",
                "node_disk_writes_completed_total{device=md127} 50",
                "node_disk_read_bytes_total{device=md127} 409600",
                "node_disk_written_bytes_total{device=md127} 204800",
                "node_disk_io_time_seconds_total{device=md127} 0",
                "node_disk_reads_completed_total{device=dm-0} 9876543210987",
                "node_disk_writes_completed_total{device=dm-0} 1",
                "node_disk_read_bytes_total{device=dm-0} 5120000000000",
                "node_disk_written_bytes_total{device=dm-0} 512",
                "node_disk_io_time_seconds_total{device=dm-0} 4294967296");
    }

    @Test
    void theDeviceExclusionIsNodeExportersDefault() {
        assertThat(Stream.of("loop7", "ram0", "zram1", "fd0", "sda1", "hdb2", "vda15", "xvda1", "nvme0n1p1",
                        "nvme10n2p3"))
                .allMatch(name -> DiskCollector.IGNORED.matcher(name).matches());
        assertThat(Stream.of("sda", "vdb", "xvda", "nvme0n1", "dm-0", "md0", "mmcblk0", "sr0"))
                .noneMatch(name -> DiskCollector.IGNORED.matcher(name).matches());
    }

    @Test
    void networkCountersOfEveryInterfaceButLoopback() {
        // wlan0 has no blank after its colon, as older kernels print; bad0 and bad1 are malformed.
        assertThat(collect(new NetworkCollector(Fixtures.files()))).containsExactly(
                "node_network_receive_bytes_total{device=eth0} 9876543210987",
                "node_network_receive_packets_total{device=eth0} 1234567",
                "node_network_receive_errs_total{device=eth0} 3",
                "node_network_transmit_bytes_total{device=eth0} 123456789",
                "node_network_transmit_packets_total{device=eth0} 234567",
                "node_network_transmit_errs_total{device=eth0} 5",
                "node_network_receive_bytes_total{device=wlan0} 12",
                "node_network_receive_packets_total{device=wlan0} 2",
                "node_network_receive_errs_total{device=wlan0} 0",
                "node_network_transmit_bytes_total{device=wlan0} 34",
                "node_network_transmit_packets_total{device=wlan0} 4",
                "node_network_transmit_errs_total{device=wlan0} 1");
    }

    @Test
    void processesRunnableBlockedAndCounted() {
        // proc/1 and proc/42 are process directories; net, self and the files are not.
        assertThat(collect(new ProcessesCollector(Fixtures.files())))
                .containsExactly("node_procs_running 3", "node_procs_blocked 1", "vigie_processes 2");
    }

    @Test
    void tcpStatesOverIpv4AndIpv6AndInboundConnectionsPerListeningPort() {
        // Established: two inbound on 22 and one outbound from 51000 over IPv4, one inbound on 80
        // and one on 22 over IPv6. Port 22 listens on both. The malformed lines and the kernel's
        // NEW_SYN_RECV (12), which node_exporter does not report, are left out.
        assertThat(collect(new TcpCollector(Fixtures.files()))).containsExactly(
                "node_tcp_connection_states{state=established} 5",
                "node_tcp_connection_states{state=syn_sent} 0",
                "node_tcp_connection_states{state=syn_recv} 1",
                "node_tcp_connection_states{state=fin_wait1} 0",
                "node_tcp_connection_states{state=fin_wait2} 0",
                "node_tcp_connection_states{state=time_wait} 1",
                "node_tcp_connection_states{state=close} 0",
                "node_tcp_connection_states{state=close_wait} 0",
                "node_tcp_connection_states{state=last_ack} 0",
                "node_tcp_connection_states{state=listen} 4",
                "node_tcp_connection_states{state=closing} 0",
                "vigie_tcp_connections{port=22} 3",
                "vigie_tcp_connections{port=80} 1",
                "vigie_tcp_connections{port=5432} 0");
    }

    @Test
    void withoutIpv6OnlyIpv4IsCounted() throws IOException {
        write("proc/net/tcp", Files.readString(Fixtures.root().resolve("proc/net/tcp")));

        assertThat(collect(new TcpCollector(new HostFiles(empty)))).contains(
                "node_tcp_connection_states{state=established} 3",
                "node_tcp_connection_states{state=listen} 2",
                "vigie_tcp_connections{port=22} 2",
                "vigie_tcp_connections{port=5432} 0").doesNotContain("vigie_tcp_connections{port=80} 1");
    }

    @Test
    void softwareRaidArraysWithTheirDisksAndState() {
        // md5 is malformed (no [total/active] line).
        assertThat(collect(new MdstatCollector(Fixtures.files()))).containsExactlyElementsOf(Stream.of(
                array("md127", 2, 0, 0, 0, "active"),
                array("md0", 2, 1, 1, 1, "recovering"),
                array("md1", 2, 0, 0, 0, "check"),
                array("md2", 2, 0, 0, 0, "active"),
                array("md3", 0, 0, 1, 0, "inactive"),
                array("md4", 2, 0, 0, 0, "resync")).flatMap(List::stream).toList());
    }

    @Test
    void withoutArraysOrWithoutTheMdDriverNothingIsReported() throws IOException {
        assertThat(collect(new MdstatCollector(new HostFiles(empty)))).isEmpty();

        write("proc/mdstat", "Personalities : \nunused devices: <none>\n");
        assertThat(collect(new MdstatCollector(new HostFiles(empty)))).isEmpty();
    }

    @Test
    void memoryErrorsOfEachEdacControllerAndNothingWithoutEdac() throws IOException {
        assertThat(collect(new EdacCollector(new HostFiles(empty)))).as("no EDAC").isEmpty();

        write("sys/devices/system/edac/mc/mc0/ce_count", "3\n");
        write("sys/devices/system/edac/mc/mc0/ue_count", "0\n");
        write("sys/devices/system/edac/mc/mc1/ce_count", "4294967296\n");
        write("sys/devices/system/edac/mc/mc1/ue_count", "1\n");
        write("sys/devices/system/edac/mc/mc2/ce_count", "garbage\n");
        write("sys/devices/system/edac/mc/mc2/ue_count", "0\n");
        write("sys/devices/system/edac/mc/power/control", "auto\n");
        assertThat(collect(new EdacCollector(new HostFiles(empty)))).containsExactly(
                "node_edac_correctable_errors_total{controller=0} 3",
                "node_edac_uncorrectable_errors_total{controller=0} 0",
                "node_edac_correctable_errors_total{controller=1} 4294967296",
                "node_edac_uncorrectable_errors_total{controller=1} 1");
    }

    @Test
    void aMissingFileFailsTheCollector() {
        HostFiles none = new HostFiles(empty);
        for (Collector collector : List.of(new CpuCollector(none), new LoadCollector(none), new MemoryCollector(none),
                new DiskCollector(none), new NetworkCollector(none), new ProcessesCollector(none),
                new TcpCollector(none), new FilesystemCollector(none))) {
            assertThatThrownBy(() -> collector.collect(new SampleSink()))
                    .as(collector.name()).isInstanceOf(NoSuchFileException.class);
        }
    }

    @Test
    void unsignedCountersDoNotOverflow() {
        assertThat(ProcText.unsigned("4294967296")).isEqualTo(4294967296.0);
        assertThat(ProcText.unsigned("9223372036854775807")).isEqualTo(9.223372036854775807E18);
        assertThat(ProcText.unsigned("9223372036854775808")).isEqualTo(9.223372036854775808E18);
        assertThat(ProcText.unsigned("18446744073709551615")).isEqualTo(1.8446744073709551615E19);
        assertThatThrownBy(() -> ProcText.unsigned("-1")).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> ProcText.unsigned("18446744073709551616")).isInstanceOf(NumberFormatException.class);
        assertThat(ProcText.fields("\t cpu0  1\t2 3 4 5 6 7 8 9 10  ")).containsExactly(
                "cpu0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10");
        assertThat(ProcText.fields("   ")).isEmpty();
    }

    private static List<String> array(String device, int active, int failed, int spare, int down, String state) {
        List<String> disks = List.of(
                "node_md_disks{device=" + device + ",state=active} " + active,
                "node_md_disks{device=" + device + ",state=failed} " + failed,
                "node_md_disks{device=" + device + ",state=spare} " + spare,
                "node_md_disks{device=" + device + ",state=down} " + down);
        List<String> states = MdstatCollector.STATES.stream()
                .map(each -> "node_md_state{device=" + device + ",state=" + each + "} " + (each.equals(state) ? 1 : 0))
                .toList();
        return Stream.concat(disks.stream(), states.stream()).toList();
    }

    private void write(String relative, String content) throws IOException {
        Path file = empty.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }
}
