package io.vigie.agent.firewall;

import io.vigie.agent.io.DurableFiles;
import io.vigie.agent.log.Event;
import io.vigie.agent.transport.Json;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import tools.jackson.core.JacksonException;

/**
 * Keeps the agent's bans in {@code <state-dir>/firewall/bans.json}, so that the table is rebuilt
 * at start before the control plane is reached.
 *
 * <p>Invariants: the file is replaced atomically (a crash leaves the old list or the new one,
 * {@link DurableFiles}), mode 0600 in a 0700 directory. Reading never fails on content: a
 * malformed entry is skipped with a WARN line, a damaged file counts as empty with an ERROR line.
 *
 * <pre>
 * {"version":1,"bans":[{"target":"192.0.2.0/24","expires":"2026-03-01T14:00:00Z","reason":"sshd-failed-password","origin":"LOCAL"}]}
 * </pre>
 */
final class BanStore {

    private static final System.Logger LOG = System.getLogger(BanStore.class.getName());
    private static final int VERSION = 1;

    private final Path file;

    /** @param stateDir the agent's state directory */
    BanStore(Path stateDir) {
        this.file = stateDir.resolve("firewall").resolve("bans.json");
    }

    /** @return the file's path */
    Path file() {
        return file;
    }

    /**
     * @return the stored bans (none when there is no file)
     * @throws IOException when the file exists but cannot be read
     */
    List<Ban> load() throws IOException {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        Stored stored;
        try {
            stored = Json.mapper().readValue(content, Stored.class);
        } catch (JacksonException e) {
            LOG.log(Level.ERROR, Event.of("firewall.state-damaged", "file", file, "error", e.getOriginalMessage()));
            return List.of();
        }
        List<Ban> bans = new ArrayList<>();
        for (Entry entry : stored.bans() == null ? List.<Entry>of() : stored.bans()) {
            try {
                bans.add(new Ban(BanTarget.parse(entry.target()), entry.expires(), entry.reason(), entry.origin()));
            } catch (IllegalArgumentException | NullPointerException e) {
                LOG.log(Level.WARNING, Event.of("firewall.state-entry-skipped", "file", file, "error", e.getMessage()));
            }
        }
        return bans;
    }

    /**
     * @param bans the bans to keep, replacing the stored ones
     * @throws IOException when the file cannot be written; it is then unchanged
     */
    void save(Collection<Ban> bans) throws IOException {
        Path directory = file.getParent();
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        List<Entry> entries = bans.stream()
                .map(b -> new Entry(b.target().text(), b.expires(), b.reason(), b.origin())).toList();
        DurableFiles.writeAtomically(file, Json.mapper().writeValueAsBytes(new Stored(VERSION, entries)),
                DurableFiles.OWNER_ONLY, null);
    }

    /** The file's content. */
    record Stored(int version, List<Entry> bans) {
    }

    /** One ban as stored. */
    record Entry(String target, Instant expires, String reason, Ban.Origin origin) {
    }
}
