package io.vigie.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the agent must report about the machine the tests run on; read from the same kernel files
 * as {@code hostname} and {@code uname -r}.
 */
final class ThisHost {

    private ThisHost() {
    }

    /** @return the host name, as {@code hostname} prints it */
    static String hostname() {
        return firstLine("/proc/sys/kernel/hostname");
    }

    /** @return the kernel release, as {@code uname -r} prints it */
    static String kernel() {
        return firstLine("/proc/sys/kernel/osrelease");
    }

    private static String firstLine(String file) {
        try {
            return Files.readAllLines(Path.of(file)).getFirst().strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
