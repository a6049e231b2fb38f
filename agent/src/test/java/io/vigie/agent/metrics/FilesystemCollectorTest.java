package io.vigie.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.vigie.agent.host.HostFiles;
import io.vigie.agent.testing.LogCapture;
import io.vigie.protocol.MetricSamples.Sample;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesystemCollectorTest {

    @TempDir
    Path root;

    @Test
    void sizesAndInodesOfTheLocalFileSystemsOnly() throws Exception {
        FileStore store = Files.getFileStore(root);
        mounts(store.type());
        SampleSink sink = new SampleSink();

        new FilesystemCollector(new HostFiles(root)).collect(sink);

        // Every other line is a pseudo, network or image file system, repeats /dev/vda1, or is
        // not there below the root.
        Map<String, String> vda1 = Map.of("device", "/dev/vda1", "mountpoint", "/", "fstype", store.type());
        Map<String, String> vdc1 = Map.of("device", "/dev/vdc1", "mountpoint", "/boot", "fstype", store.type());
        List<Sample> samples = sink.samples();
        assertThat(samples).extracting(Sample::name, Sample::labels).containsExactly(
                tuple("node_filesystem_size_bytes", vda1),
                tuple("node_filesystem_avail_bytes", vda1),
                tuple("node_filesystem_free_bytes", vda1),
                tuple("node_filesystem_files", vda1),
                tuple("node_filesystem_files_free", vda1),
                tuple("node_filesystem_size_bytes", vdc1),
                tuple("node_filesystem_avail_bytes", vdc1),
                tuple("node_filesystem_free_bytes", vdc1),
                tuple("node_filesystem_files", vdc1),
                tuple("node_filesystem_files_free", vdc1));
        long[] stat = StatvfsTest.stat(root);
        for (int i = 0; i < samples.size(); i += 5) {
            double size = samples.get(i).value();
            double avail = samples.get(i + 1).value();
            double free = samples.get(i + 2).value();
            assertThat(size).isEqualTo((double) store.getTotalSpace());
            assertThat(avail).isBetween(0.0, free);
            assertThat(free).isBetween(1.0, size);
            assertThat(samples.get(i + 3).value()).as("inodes as stat -f counts them").isEqualTo((double) stat[0]);
            assertThat(samples.get(i + 4).value()).isBetween(0.0, (double) stat[0]);
        }
    }

    @Test
    void withoutStatvfsOnlySizesAreReportedAndTheReasonLoggedOnce() throws IOException {
        mounts(Files.getFileStore(root).type());
        FilesystemCollector collector = new FilesystemCollector(new HostFiles(root),
                () -> Statvfs.load("FreeBSD", "amd64"));
        try (LogCapture log = LogCapture.of(FilesystemCollector.class.getName())) {
            SampleSink first = new SampleSink();
            collector.collect(first);
            SampleSink second = new SampleSink();
            collector.collect(second);

            for (SampleSink round : List.of(first, second)) {
                assertThat(round.samples()).extracting(Sample::name).containsExactly(
                        "node_filesystem_size_bytes", "node_filesystem_avail_bytes", "node_filesystem_free_bytes",
                        "node_filesystem_size_bytes", "node_filesystem_avail_bytes", "node_filesystem_free_bytes");
            }
            assertThat(log.lines()).singleElement().asString().contains("level=WARN", "event=metrics.inodes-unavailable",
                    "statvfs layout unknown on FreeBSD amd64");
        }
    }

    private void mounts(String fsType) throws IOException {
        Files.createDirectories(root.resolve("boot"));
        Files.createDirectories(root.resolve("proc/self"));
        Files.writeString(root.resolve("proc/self/mounts"), String.join("\n",
                "/dev/vda1 / " + fsType + " rw,relatime 0 0",
                "proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0",
                "sysfs /sys sysfs rw 0 0",
                "tmpfs /run tmpfs rw,nosuid,nodev 0 0",
                "cgroup2 /sys/fs/cgroup cgroup2 rw 0 0",
                "overlay /var/lib/docker/overlay2/x/merged overlay rw 0 0",
                "/dev/vda1 /tmp " + fsType + " rw,relatime 0 0",
                "/dev/loop3 /snap/core/1 squashfs ro 0 0",
                "server:/export /mnt/nfs nfs4 rw 0 0",
                "/dev/vdb1 /srv/gone " + fsType + " rw 0 0",
                "/dev/vdc1 /boot " + fsType + " rw 0 0",
                ""));
    }
}
