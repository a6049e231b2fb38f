package io.vigie.agent.detect;

import io.vigie.agent.log.Event;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;

/**
 * Watches the operator's rule directory ({@code /etc/vigie/detect.d}) for changes, without
 * blocking: {@link #changed()} is asked at every tick of the engine. A change reloads the whole
 * set ({@link RuleSet#load}); a set that fails validation is not applied, the error is logged and
 * the running rules stay. A directory created after the start is watched from then on; a deleted
 * one leaves the built-in rules.
 *
 * <p>Invariant: {@code key} is null or a valid registration of {@code dir}. Not thread-safe.
 */
public final class RulesWatcher implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(RulesWatcher.class.getName());

    private final Path dir;
    private final WatchService watcher;
    private WatchKey key;

    /**
     * @param dir the operator's rule directory, which may not exist yet
     * @throws IOException when the file system cannot watch
     */
    public RulesWatcher(Path dir) throws IOException {
        this.dir = dir;
        this.watcher = FileSystems.getDefault().newWatchService();
        register();
    }

    /** @return after a change (or the creation of the directory), the new set if valid; else {@code null} */
    public RuleSet changed() {
        boolean changed;
        if (key == null) {
            changed = register();
        } else {
            changed = !key.pollEvents().isEmpty();
            if (!key.reset()) {
                key = null;
                changed = true;
            }
        }
        return changed ? load() : null;
    }

    /**
     * @return the rules now in the directory (with the built-in ones), or {@code null} when they are
     *     refused (logged)
     */
    public RuleSet load() {
        try {
            RuleSet rules = RuleSet.load(dir);
            LOG.log(Level.INFO, Event.of("detect.rules-loaded", "dir", dir, "rules", rules.rules().size()));
            return rules;
        } catch (RuleException e) {
            LOG.log(Level.ERROR, Event.of("detect.rules-refused", "dir", dir, "error", e.getMessage()));
            return null;
        }
    }

    private boolean register() {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try {
            key = dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
                    StandardWatchEventKinds.ENTRY_MODIFY);
            return true;
        } catch (IOException e) {
            LOG.log(Level.WARNING, Event.of("detect.rules-not-watched", "dir", dir, "error", e.toString()));
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        watcher.close();
    }
}
