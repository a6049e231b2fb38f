package io.vigie.agent.metrics;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;
import java.util.Set;

/**
 * The inode counts of a file system, from libc's {@code statvfs(3)} called through the JDK's
 * Foreign Function &amp; Memory API: the JDK's {@code FileStore} gives sizes only. No JNI library,
 * no process (docs/adr/0002-statvfs-through-ffm.md). The JVM must be started with
 * {@code --enable-native-access=ALL-UNNAMED} (the jar's manifest says so for {@code java -jar}),
 * else it prints a warning on the first call.
 *
 * <p>Only Linux on 64-bit x86 and ARM, where {@code struct statvfs} is eleven
 * 8-byte unsigned longs followed by {@code int __f_spare[6]}
 * ({@code /usr/include/x86_64-linux-gnu/bits/statvfs.h}); {@link #load(String, String)} refuses
 * any other platform rather than read a struct of another shape. Thread-safe.
 */
final class Statvfs {

    /** {@code struct statvfs} of Linux on 64-bit platforms (no {@code __f_unused}: that is 32-bit only). */
    static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("f_bsize"), JAVA_LONG.withName("f_frsize"),
            JAVA_LONG.withName("f_blocks"), JAVA_LONG.withName("f_bfree"), JAVA_LONG.withName("f_bavail"),
            JAVA_LONG.withName("f_files"), JAVA_LONG.withName("f_ffree"), JAVA_LONG.withName("f_favail"),
            JAVA_LONG.withName("f_fsid"), JAVA_LONG.withName("f_flag"), JAVA_LONG.withName("f_namemax"),
            MemoryLayout.sequenceLayout(6, JAVA_INT).withName("__f_spare"));

    private static final Set<String> ARCHITECTURES = Set.of("amd64", "aarch64");
    private static final VarHandle FILES = field("f_files");
    private static final VarHandle FFREE = field("f_ffree");
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(PathElement.groupElement("errno"));

    private final MethodHandle statvfs;

    private Statvfs(MethodHandle statvfs) {
        this.statvfs = statvfs;
    }

    /**
     * @return the inode counts of this machine
     * @throws UnsupportedOperationException when the platform is not one whose struct is known,
     *     or libc has no {@code statvfs}
     * @throws IllegalCallerException when the JVM denies native access
     *     ({@code --illegal-native-access=deny})
     */
    static Statvfs load() {
        return load(System.getProperty("os.name"), System.getProperty("os.arch"));
    }

    /**
     * @param os the operating system, as {@code os.name}
     * @param arch the architecture, as {@code os.arch}
     * @return the inode counts of that platform
     * @throws UnsupportedOperationException when the platform is not Linux 64-bit x86 or ARM
     * @throws IllegalCallerException when the JVM denies native access
     */
    static Statvfs load(String os, String arch) {
        if (!"Linux".equals(os) || !ARCHITECTURES.contains(arch)) {
            throw new UnsupportedOperationException("statvfs layout unknown on " + os + " " + arch);
        }
        Linker linker = Linker.nativeLinker();
        MemorySegment symbol = linker.defaultLookup().find("statvfs")
                .orElseThrow(() -> new UnsupportedOperationException("libc has no statvfs"));
        return new Statvfs(linker.downcallHandle(symbol, FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS),
                Linker.Option.captureCallState("errno")));
    }

    /**
     * @param path a file or directory of the file system
     * @return its inode counts
     * @throws IOException when {@code statvfs} fails (the message names the errno)
     */
    Inodes inodes(Path path) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            MemorySegment buffer = arena.allocate(LAYOUT);
            int result = (int) statvfs.invokeExact(state, arena.allocateFrom(path.toString()), buffer);
            if (result != 0) {
                throw new IOException("statvfs " + path + " failed: errno " + (int) ERRNO.get(state, 0L));
            }
            return new Inodes(ProcText.unsigned((long) FILES.get(buffer, 0L)),
                    ProcText.unsigned((long) FFREE.get(buffer, 0L)));
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private static VarHandle field(String name) {
        return LAYOUT.varHandle(PathElement.groupElement(name));
    }

    /**
     * @param files the file system's inodes ({@code f_files})
     * @param free the inodes free ({@code f_ffree}, including those reserved for root, as
     *     node_exporter reports them)
     */
    record Inodes(double files, double free) {
    }
}
