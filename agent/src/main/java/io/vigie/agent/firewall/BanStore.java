package io.vigie.agent.firewall;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.vigie.agent.io.DurableFiles;
import io.vigie.agent.log.Event;
import io.vigie.agent.transport.Json;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JacksonException;

/**
 * Keeps the agent's bans in {@code <state-dir>/firewall/}, so that the table is rebuilt at start
 * before the control plane is reached: {@code bans.json}, a snapshot of every ban, and
 * {@code bans.log}, one JSON line per change since the snapshot. A change appends one line (cheap
 * with 100,000 bans held, where rewriting the snapshot takes a tenth of a second); the snapshot
 * is rewritten by {@link #save} at a full replacement, at restore and when the log grows longer
 * than the list.
 *
 * <p>Invariants: the snapshot is replaced atomically ({@link DurableFiles}) and each log line is
 * fsync'd before the change is reported done; files are mode 0600 in a 0700 directory. The
 * snapshot carries a generation number that every log line repeats: lines of another generation
 * (left by a crash between a new snapshot and the log's removal) are ignored, so a replaced list
 * never comes back. Reading never fails on content: a malformed entry or line (a torn last
 * write) is skipped with a WARN line, a damaged snapshot counts as empty with an ERROR line.
 *
 * <pre>
 * bans.json {"version":1,"generation":3,"bans":[{"target":"192.0.2.0/24","expires":"2026-03-01T14:00:00Z","reason":"sshd-failed-password","origin":"LOCAL"}]}
 * bans.log  {"generation":3,"ban":{"target":"192.0.2.7","expires":"...","reason":"...","origin":"CONTROL_PLANE"}}
 *           {"generation":3,"unban":"192.0.2.0/24"}
 * </pre>
 */
final class BanStore {

    private static final System.Logger LOG = System.getLogger(BanStore.class.getName());
    private static final int VERSION = 1;

    private final Path snapshot;
    private final Path log;
    private long generation;
    private int logLines;

    /** @param stateDir the agent's state directory */
    BanStore(Path stateDir) {
        Path directory = stateDir.resolve("firewall");
        this.snapshot = directory.resolve("bans.json");
        this.log = directory.resolve("bans.log");
    }

    /** @return the snapshot's path */
    Path file() {
        return snapshot;
    }

    /** @return the lines in the log since the snapshot */
    int logLines() {
        return logLines;
    }

    /**
     * @return the stored bans: the snapshot, then the log's changes (none when there is no file)
     * @throws IOException when a file exists but cannot be read
     */
    List<Ban> load() throws IOException {
        Map<BanTarget, Ban> bans = new LinkedHashMap<>();
        generation = 0;
        logLines = 0;
        Snapshot stored = readSnapshot();
        if (stored != null) {
            generation = stored.generation();
            for (Entry entry : stored.bans() == null ? List.<Entry>of() : stored.bans()) {
                ban(entry).ifPresent(b -> BanList.merge(bans, b));
            }
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(log);
        } catch (NoSuchFileException e) {
            lines = List.of();
        }
        for (String line : lines) {
            Change change;
            try {
                change = Json.mapper().readValue(line, Change.class);
            } catch (JacksonException e) {
                skipped("malformed line: " + e.getOriginalMessage());
                continue;
            }
            if (change.generation() != generation) {
                continue;
            }
            logLines++;
            if (change.ban() != null) {
                ban(change.ban()).ifPresent(b -> BanList.merge(bans, b));
            } else if (change.unban() != null) {
                try {
                    bans.remove(BanTarget.parse(change.unban()));
                } catch (IllegalArgumentException e) {
                    skipped(e.getMessage());
                }
            }
        }
        return List.copyOf(bans.values());
    }

    /**
     * Writes a new snapshot of every ban and empties the log.
     *
     * @param bans the bans to keep, replacing the stored ones
     * @throws IOException when the snapshot cannot be written; the files are then unchanged
     */
    void save(Collection<Ban> bans) throws IOException {
        createDirectory();
        List<Entry> entries = bans.stream().map(BanStore::entry).toList();
        DurableFiles.writeAtomically(snapshot, Json.mapper().writeValueAsBytes(new Snapshot(VERSION, generation + 1, entries)),
                DurableFiles.OWNER_ONLY, null);
        generation++;
        logLines = 0;
        Files.deleteIfExists(log);
        DurableFiles.fsyncDirectory(log.getParent());
    }

    /**
     * @param ban a ban added or extended
     * @throws IOException when the log cannot be written
     */
    void appendBan(Ban ban) throws IOException {
        append(new Change(generation, entry(ban), null));
    }

    /**
     * @param target a target whose ban was lifted
     * @throws IOException when the log cannot be written
     */
    void appendUnban(BanTarget target) throws IOException {
        append(new Change(generation, null, target.text()));
    }

    private void append(Change change) throws IOException {
        createDirectory();
        byte[] line = (Json.mapper().writeValueAsString(change) + "\n").getBytes(StandardCharsets.UTF_8);
        boolean created = !Files.exists(log);
        try (FileChannel channel = FileChannel.open(log, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND), PosixFilePermissions.asFileAttribute(DurableFiles.OWNER_ONLY))) {
            channel.write(ByteBuffer.wrap(line));
            channel.force(false);
        }
        if (created) {
            DurableFiles.fsyncDirectory(log.getParent());
        }
        logLines++;
    }

    private Snapshot readSnapshot() throws IOException {
        byte[] content;
        try {
            content = Files.readAllBytes(snapshot);
        } catch (NoSuchFileException e) {
            return null;
        }
        try {
            return Json.mapper().readValue(content, Snapshot.class);
        } catch (JacksonException e) {
            LOG.log(Level.ERROR, Event.of("firewall.state-damaged", "file", snapshot, "error", e.getOriginalMessage()));
            return null;
        }
    }

    private Optional<Ban> ban(Entry entry) {
        try {
            return Optional.of(new Ban(BanTarget.parse(entry.target()), entry.expires(), entry.reason(), entry.origin()));
        } catch (IllegalArgumentException | NullPointerException e) {
            skipped(e.getMessage());
            return Optional.empty();
        }
    }

    private void skipped(String error) {
        LOG.log(Level.WARNING, Event.of("firewall.state-entry-skipped", "directory", snapshot.getParent(), "error", error));
    }

    private void createDirectory() throws IOException {
        Path directory = snapshot.getParent();
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
    }

    private static Entry entry(Ban ban) {
        return new Entry(ban.target().text(), ban.expires(), ban.reason(), ban.origin());
    }

    /** The snapshot's content. */
    record Snapshot(int version, long generation, List<Entry> bans) {
    }

    /** One line of the log: a ban added or extended, or a target whose ban was lifted. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Change(long generation, Entry ban, String unban) {
    }

    /** One ban as stored. */
    record Entry(String target, Instant expires, String reason, Ban.Origin origin) {
    }
}
