package io.vigie.agent.detect;

import io.vigie.agent.io.DurableFiles;
import io.vigie.agent.log.Event;
import io.vigie.agent.transport.Json;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;

/**
 * Follows log files as {@code tail -F} does, at each {@link #poll()}: a file is known by its
 * device and inode; when another file appears at the path (rotation by rename and create) the old
 * one is read to its end, then the new one from its start; a file shorter than what was read
 * (copytruncate) is read again from its start; a deleted file is read to its end and forgotten.
 *
 * <p>Where to start: at the saved position when the path still names the same file (same
 * identity and first 256 bytes, see {@link Position}); at the end for a file present at the
 * first poll and never seen before (an old big log is not replayed); at the start for a file that
 * appears later, or that replaced the saved one while the agent was stopped. Positions are saved
 * atomically by {@link #save()} in {@code <state>/detect/positions.json}: a line is never handed
 * over twice nor lost across a restart (a line cut at 16 KiB excepted, whose rest is skipped).
 *
 * <p>Paths may hold a glob in their last element ({@code /var/log/nginx/*access.log}). At most
 * {@link #MAX_FILES} files are followed. Not thread-safe: one thread polls.
 */
public final class LogFollower implements AutoCloseable {

    /** The most files followed at once. */
    public static final int MAX_FILES = 256;

    private static final System.Logger LOG = System.getLogger(LogFollower.class.getName());
    private static final long MAX_BYTES_PER_POLL = 64L << 20;

    private final Path positionsFile;
    private final FollowedFile.LineSink sink;
    private final Map<Path, FollowedFile> open = new HashMap<>();
    private final Map<String, Position> saved = new HashMap<>();
    private final Set<Path> unreadable = new HashSet<>();
    private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    private List<String> paths = List.of();
    private boolean firstPoll = true;
    private long cutLines;

    /**
     * @param stateDir the agent's state directory, where {@code detect/positions.json} is
     * @param sink receives every line
     */
    public LogFollower(Path stateDir, FollowedFile.LineSink sink) {
        this.positionsFile = stateDir.resolve("detect").resolve("positions.json");
        this.sink = sink;
        if (Files.exists(positionsFile)) {
            try {
                for (Position position : Json.mapper().readValue(positionsFile.toFile(), Position[].class)) {
                    saved.put(position.path(), position);
                }
            } catch (JacksonException e) {
                LOG.log(Level.WARNING, Event.of("detect.positions-unreadable", "file", positionsFile,
                        "error", e.getOriginalMessage()));
            }
        }
    }

    /** @param files the paths (or globs) to follow from the next poll on */
    public void follow(List<String> files) {
        this.paths = List.copyOf(new LinkedHashSet<>(files));
    }

    /** Reads what was appended to every followed file since the last poll. Never throws. */
    public void poll() {
        Set<Path> wanted = expand();
        Set<Path> all = new LinkedHashSet<>(wanted);
        all.addAll(open.keySet());
        for (Path path : all) {
            try {
                poll(path, wanted.contains(path));
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, Event.of("detect.read-failed", "file", path, "error", e.toString()));
            }
        }
        firstPoll = false;
    }

    private void poll(Path path, boolean wanted) throws IOException {
        FileIdentity identity = identity(path);
        FollowedFile file = open.get(path);
        long start = firstPoll ? Long.MAX_VALUE : 0;
        if (file != null && (identity == null || !identity.equals(file.identity()) || !wanted)) {
            if (wanted) {
                file.read(buffer, sink, Long.MAX_VALUE);
                file.flush(sink);
            }
            cutLines += file.cutLines();
            file.close();
            open.remove(path);
            file = null;
            start = 0;
        } else if (file != null && file.truncated()) {
            file.restart(sink);
        }
        if (file == null && identity != null && wanted) {
            file = start(path, identity, start);
        }
        if (file != null) {
            file.read(buffer, sink, MAX_BYTES_PER_POLL);
        }
    }

    private FollowedFile start(Path path, FileIdentity identity, long offset) throws IOException {
        if (open.size() >= MAX_FILES) {
            LOG.log(Level.WARNING, Event.of("detect.too-many-files", "file", path, "max", MAX_FILES));
            return null;
        }
        Position position = saved.remove(path.toString());
        FollowedFile file = FollowedFile.open(path, identity, position == null ? offset : position.offset(),
                position != null && position.skipping());
        if (file != null && position != null && !file.continues(position)) {
            file.close();
            file = FollowedFile.open(path, identity, 0, false);
        }
        if (file != null) {
            open.put(path, file);
            LOG.log(Level.DEBUG, Event.of("detect.following", "file", path));
        }
        return file;
    }

    /** @return the identity at the path, or {@code null} when there is no readable file */
    private FileIdentity identity(Path path) throws IOException {
        try {
            FileIdentity identity = FileIdentity.of(path);
            if (unreadable.remove(path)) {
                LOG.log(Level.INFO, Event.of("detect.file-readable", "file", path));
            }
            return identity;
        } catch (NoSuchFileException e) {
            return null;
        } catch (AccessDeniedException e) {
            if (unreadable.add(path)) {
                LOG.log(Level.WARNING, Event.of("detect.file-unreadable", "file", path, "error", "permission denied"));
            }
            return null;
        }
    }

    /** @return the files the paths name now, globs expanded */
    private Set<Path> expand() {
        Set<Path> files = new LinkedHashSet<>();
        for (String text : paths) {
            Path path = Path.of(text);
            String name = path.getFileName().toString();
            if (name.chars().noneMatch(c -> "*?[{".indexOf(c) >= 0)) {
                files.add(path);
                continue;
            }
            PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + name);
            try (Stream<Path> entries = Files.list(path.getParent())) {
                entries.filter(p -> matcher.matches(p.getFileName()) && Files.isRegularFile(p)).sorted().forEach(files::add);
            } catch (IOException e) {
                LOG.log(Level.DEBUG, Event.of("detect.glob-unreadable", "path", text, "error", e.toString()));
            }
        }
        return files;
    }

    /** @return the lines cut at 16 KiB so far */
    public long cutLines() {
        return cutLines + open.values().stream().mapToLong(FollowedFile::cutLines).sum();
    }

    /**
     * Saves the position of every open file, atomically.
     *
     * @throws IOException when the file cannot be written (the previous one is then intact)
     */
    public void save() throws IOException {
        List<Position> positions = new ArrayList<>();
        for (FollowedFile file : open.values()) {
            positions.add(file.position());
        }
        Files.createDirectories(positionsFile.getParent(), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        DurableFiles.writeAtomically(positionsFile, Json.mapper().writeValueAsBytes(positions),
                DurableFiles.OWNER_ONLY, null);
    }

    /** Saves the positions and closes the files. */
    @Override
    public void close() {
        try {
            save();
        } catch (IOException e) {
            LOG.log(Level.WARNING, Event.of("detect.positions-not-saved", "file", positionsFile, "error", e.toString()));
        }
        for (FollowedFile file : open.values()) {
            try {
                file.close();
            } catch (IOException e) {
                LOG.log(Level.DEBUG, Event.of("detect.close-failed", "error", e.toString()));
            }
        }
        open.clear();
    }
}
