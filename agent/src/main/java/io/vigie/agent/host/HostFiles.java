package io.vigie.agent.host;

import io.vigie.agent.log.Event;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads the host's files ({@code /etc}, {@code /proc}, {@code /sys}) below a root directory, so
 * that tests can point the facts and metric collectors at fixture files and production at
 * {@code /}. Text is decoded as UTF-8, invalid bytes replaced.
 *
 * <p>{@link #read} is for facts: a missing or unreadable file is not an error there, the fact is
 * simply unknown, so it is logged at DEBUG and the caller gets an empty value. {@link #text} and
 * {@link #reader} are for callers that report the failure themselves.
 */
public final class HostFiles {

    private static final System.Logger LOG = System.getLogger(HostFiles.class.getName());

    private final Path root;

    /** @param root the directory standing for the host's {@code /} */
    public HostFiles(Path root) {
        this.root = root;
    }

    /**
     * @param absolute a path as on the host, e.g. {@code /proc/meminfo}
     * @return the same path below the root
     */
    public Path resolve(String absolute) {
        return root.resolve(absolute.startsWith("/") ? absolute.substring(1) : absolute);
    }

    /**
     * @param absolute a path as on the host, e.g. {@code /proc/meminfo}
     * @return the file's text, or empty when it cannot be read (logged at DEBUG)
     */
    public Optional<String> read(String absolute) {
        try {
            return Optional.of(text(absolute));
        } catch (IOException | SecurityException e) {
            LOG.log(Level.DEBUG, Event.of("host.unreadable", "file", resolve(absolute), "error", e.toString()));
            return Optional.empty();
        }
    }

    /**
     * @param absolute a path as on the host, e.g. {@code /proc/meminfo}
     * @return the file's whole text
     * @throws IOException when it cannot be read ({@code NoSuchFileException} when missing)
     */
    public String text(String absolute) throws IOException {
        return new String(Files.readAllBytes(resolve(absolute)), StandardCharsets.UTF_8);
    }

    /**
     * @param absolute a path as on the host, e.g. {@code /proc/net/tcp}
     * @return a reader of the file line by line, for files too large to hold at once
     * @throws IOException when it cannot be opened ({@code NoSuchFileException} when missing)
     */
    public BufferedReader reader(String absolute) throws IOException {
        return new BufferedReader(
                new InputStreamReader(Files.newInputStream(resolve(absolute)), StandardCharsets.UTF_8));
    }
}
