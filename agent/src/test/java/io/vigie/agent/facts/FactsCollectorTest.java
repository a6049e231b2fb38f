package io.vigie.agent.facts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.vigie.agent.host.HostFiles;
import io.vigie.agent.testing.LogCapture;
import io.vigie.protocol.HostFacts;
import io.vigie.protocol.HostFacts.Disk;
import io.vigie.protocol.HostFacts.InterfaceAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FactsCollectorTest {

    private static final List<InterfaceAddress> ADDRESSES = List.of(new InterfaceAddress("eth0", "192.0.2.7", 24));

    @TempDir
    Path root;

    @Test
    void readsEveryFactFromTheHostFiles() throws IOException {
        String fsType = Files.getFileStore(root).type();
        Files.createDirectories(root.resolve("boot"));
        write("etc/os-release", """
                PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
                NAME="Debian GNU/Linux"
                VERSION_ID="12"
                VERSION="12 (bookworm)"
                ID=debian
                """);
        write("proc/sys/kernel/osrelease", "6.1.0-28-amd64\n");
        write("proc/sys/kernel/hostname", "web-1\n");
        write("proc/uptime", "350735.47 234388.90\n");
        write("proc/cpuinfo", """
                processor\t: 0
                vendor_id\t: GenuineIntel
                model name\t: Intel(R) Xeon(R) Gold 6130 CPU @ 2.10GHz

                processor\t: 1
                model name\t: Intel(R) Xeon(R) Gold 6130 CPU @ 2.10GHz

                processor\t: 2
                model name\t: Intel(R) Xeon(R) Gold 6130 CPU @ 2.10GHz
                """);
        write("proc/meminfo", """
                MemTotal:        8039412 kB
                MemFree:         1102536 kB
                SwapTotal:       2097148 kB
                """);
        write("proc/self/mounts", String.join("\n",
                "/dev/vda1 / " + fsType + " rw,relatime 0 0",
                "proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0",
                "tmpfs /run tmpfs rw,nosuid,nodev 0 0",
                "overlay /var/lib/docker/overlay2/x/merged overlay rw 0 0",
                "/dev/vda1 /tmp " + fsType + " rw,relatime 0 0",
                "/dev/loop3 /snap/core/1 squashfs ro 0 0",
                "server:/export /mnt/nfs nfs4 rw 0 0",
                "/dev/vdb1 /srv/no\\040such " + fsType + " rw 0 0",
                "/dev/vdc1 /boot " + fsType + " rw 0 0",
                ""));

        HostFacts facts = new FactsCollector(root, () -> ADDRESSES, "1.2.3").collect();

        assertThat(facts.hostname()).isEqualTo("web-1");
        assertThat(facts.osName()).isEqualTo("Debian GNU/Linux");
        assertThat(facts.osVersion()).isEqualTo("12 (bookworm)");
        assertThat(facts.kernel()).isEqualTo("6.1.0-28-amd64");
        assertThat(facts.architecture()).isEqualTo(System.getProperty("os.arch"));
        assertThat(facts.uptimeSeconds()).isEqualTo(350735);
        assertThat(facts.cpuModel()).isEqualTo("Intel(R) Xeon(R) Gold 6130 CPU @ 2.10GHz");
        assertThat(facts.cpuCores()).isEqualTo(3);
        assertThat(facts.memoryBytes()).isEqualTo(8039412L * 1024);
        assertThat(facts.swapBytes()).isEqualTo(2097148L * 1024);
        assertThat(facts.addresses()).isEqualTo(ADDRESSES);
        assertThat(facts.agentVersion()).isEqualTo("1.2.3");
        // proc, tmpfs, overlay, squashfs and nfs are not local disks; /tmp repeats /dev/vda1;
        // /srv/no such does not exist below the root.
        assertThat(facts.disks()).extracting(Disk::device, Disk::mountPoint, Disk::fsType)
                .containsExactly(tuple("/dev/vda1", "/", fsType),
                        tuple("/dev/vdc1", "/boot", fsType));
        assertThat(facts.disks()).allSatisfy(disk -> {
            assertThat(disk.sizeBytes()).isPositive();
            assertThat(disk.usedBytes()).isBetween(0L, disk.sizeBytes());
        });
    }

    @Test
    void fallsBackToVersionIdAndSingleQuotes() {
        assertThat(FactsCollector.parseOsRelease("NAME='Alpine Linux'\nVERSION_ID=3.20.1\n# comment\n"))
                .containsEntry("NAME", "Alpine Linux").containsEntry("VERSION_ID", "3.20.1").hasSize(2);
    }

    @Test
    void missingFilesLeaveFactsUnknownWithADebugLine() {
        try (LogCapture log = LogCapture.of(HostFiles.class.getName())) {
            HostFacts facts = new FactsCollector(root.resolve("empty"), List::of, "1.2.3").collect();

            assertThat(facts.hostname()).isNull();
            assertThat(facts.osName()).isNull();
            assertThat(facts.kernel()).isNull();
            assertThat(facts.cpuCores()).isZero();
            assertThat(facts.memoryBytes()).isZero();
            assertThat(facts.disks()).isEmpty();
            assertThat(log.lines())
                    .anySatisfy(line -> assertThat(line).contains("level=DEBUG", "event=host.unreadable"));
        }
    }

    @Test
    void readsThisMachine() {
        HostFacts facts = FactsCollector.ofThisHost("1.2.3").collect();

        assertThat(facts.kernel()).isEqualTo(System.getProperty("os.version"));
        assertThat(facts.cpuCores()).isGreaterThanOrEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(facts.memoryBytes()).isPositive();
        assertThat(facts.hostname()).isNotBlank();
        assertThat(facts.uptimeSeconds()).isPositive();
        assertThat(facts.addresses()).allSatisfy(address -> {
            assertThat(address.address()).doesNotContain("%");
            assertThat(address.address()).isNotIn("127.0.0.1", "::1");
        });
    }

    private void write(String relative, String content) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }
}
