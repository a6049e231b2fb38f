package io.vigie.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigie.agent.host.HostFiles;
import io.vigie.agent.host.LocalFileSystems;
import java.io.IOException;
import java.lang.foreign.MemoryLayout.PathElement;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code statvfs(3)} through FFM against coreutils' {@code stat -f} on the real mounts of this machine. */
class StatvfsTest {

    @TempDir
    Path temp;

    @Test
    void theStructIsGlibcsOnLinux64Bit() {
        // bits/statvfs.h: eleven unsigned longs, then int __f_spare[6].
        assertThat(Statvfs.LAYOUT.byteSize()).isEqualTo(112);
        assertThat(Statvfs.LAYOUT.byteOffset(PathElement.groupElement("f_files"))).isEqualTo(40);
        assertThat(Statvfs.LAYOUT.byteOffset(PathElement.groupElement("f_ffree"))).isEqualTo(48);
        assertThat(Statvfs.LAYOUT.byteOffset(PathElement.groupElement("__f_spare"))).isEqualTo(88);
    }

    @Test
    void inodeCountsAreThoseStatPrintsForEveryRealMount() throws Exception {
        Statvfs statvfs = Statvfs.load();
        List<Path> paths = new ArrayList<>(List.of(Path.of("/"), temp, Path.of("/proc"), Path.of("/dev/shm")));
        new LocalFileSystems(new HostFiles(Path.of("/"))).list().forEach(fs -> paths.add(Path.of(fs.mountPoint())));
        for (Path path : paths.stream().filter(Files::isDirectory).distinct().toList()) {
            // Files come and go on a shared machine: stat's count of free inodes must lie between
            // two readings taken around it.
            boolean matched = false;
            for (int attempt = 0; attempt < 20 && !matched; attempt++) {
                Statvfs.Inodes before = statvfs.inodes(path);
                long[] stat = stat(path);
                Statvfs.Inodes after = statvfs.inodes(path);
                assertThat(before.files()).as("f_files of %s", path).isEqualTo((double) stat[0]);
                matched = stat[1] >= Math.min(before.free(), after.free())
                        && stat[1] <= Math.max(before.free(), after.free());
            }
            assertThat(matched).as("f_ffree of %s as stat -f %%d prints it", path).isTrue();
        }
        assertThat(statvfs.inodes(temp).files()).isPositive();
    }

    @Test
    void aPathThatDoesNotExistFailsWithItsErrno() {
        Statvfs statvfs = Statvfs.load();
        Path missing = temp.resolve("missing");

        assertThatThrownBy(() -> statvfs.inodes(missing)).isInstanceOf(IOException.class)
                .hasMessage("statvfs " + missing + " failed: errno 2");
    }

    @Test
    void anotherPlatformIsRefusedRatherThanReadWithTheWrongLayout() {
        for (String[] platform : List.of(new String[] {"Mac OS X", "aarch64"}, new String[] {"Linux", "x86"},
                new String[] {"Linux", "arm"}, new String[] {"FreeBSD", "amd64"})) {
            assertThatThrownBy(() -> Statvfs.load(platform[0], platform[1]))
                    .isInstanceOf(UnsupportedOperationException.class)
                    .hasMessage("statvfs layout unknown on " + platform[0] + " " + platform[1]);
        }
    }

    /** @return total and free inodes of the file system of {@code path}, as {@code stat -f} prints them */
    static long[] stat(Path path) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("stat", "-f", "-c", "%c %d", path.toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.waitFor()).as(output).isZero();
        return Stream.of(output.split(" ")).mapToLong(Long::parseLong).toArray();
    }
}
