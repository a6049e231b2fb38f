package io.vigie.agent.facts;

import io.vigie.agent.log.Event;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads the host's files ({@code /etc}, {@code /proc}) below a root directory, so that tests can
 * point the facts collector at fixture files and production at {@code /}.
 *
 * <p>A missing or unreadable file is not an error: the fact is simply unknown. It is logged at
 * DEBUG and the caller gets an empty value.
 */
final class HostFiles {

    private static final System.Logger LOG = System.getLogger(FactsCollector.class.getName());

    private final Path root;

    HostFiles(Path root) {
        this.root = root;
    }

    /**
     * @param absolute a path as on the host, e.g. {@code /proc/meminfo}
     * @return the same path below the root
     */
    Path resolve(String absolute) {
        return root.resolve(absolute.startsWith("/") ? absolute.substring(1) : absolute);
    }

    /**
     * @param absolute a path as on the host, e.g. {@code /proc/meminfo}
     * @return the file's text (invalid UTF-8 replaced), or empty when it cannot be read
     */
    Optional<String> read(String absolute) {
        Path file = resolve(absolute);
        try {
            return Optional.of(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
        } catch (IOException | SecurityException e) {
            LOG.log(Level.DEBUG, Event.of("facts.unreadable", "file", file, "error", e.toString()));
            return Optional.empty();
        }
    }
}
