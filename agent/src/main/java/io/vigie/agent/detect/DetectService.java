package io.vigie.agent.detect;

import io.vigie.agent.log.Event;
import io.vigie.agent.schedule.Periodic;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The detection engine as the agent runs it: every second, on its own thread, applies a changed
 * rule directory ({@link RulesWatcher}), reads what was appended to the rules' files
 * ({@link LogFollower}) and the entries of their units' journal ({@link JournalFollower},
 * journalctl started again with the new units when the rules change) through the
 * {@link Detector}; saves the positions and the journal cursor every 5 seconds and at stop;
 * evicts idle buckets every minute. Each detection is logged
 * ({@code event=detect.triggered rule=... ip=...}) and handed to the listener.
 *
 * <p>Invariant: the detector, the followers and the watcher are only touched by the schedule's
 * thread (and by {@link #close()} once it has stopped). Invalid operator rules at start leave the
 * built-in rules in force, logged.
 */
public final class DetectService implements AutoCloseable {

    /** Time between two reads of the logs. */
    public static final Duration TICK = Duration.ofSeconds(1);

    private static final System.Logger LOG = System.getLogger(DetectService.class.getName());
    private static final int SAVE_EVERY_TICKS = 5;
    private static final int EVICT_EVERY_TICKS = 60;

    private final Detector detector;
    private final LogFollower follower;
    private final JournalFollower journal;
    private final RulesWatcher watcher;
    private final Periodic schedule;
    private long ticks;

    private DetectService(Detector detector, LogFollower follower, JournalFollower journal, RulesWatcher watcher) {
        this.detector = detector;
        this.follower = follower;
        this.journal = journal;
        this.watcher = watcher;
        this.schedule = new Periodic("detect", TICK, this::tick, LOG);
    }

    /**
     * Loads the rules and starts following their files and journal units.
     *
     * @param stateDir the agent's state directory (positions and cursor in {@code detect/})
     * @param rulesDir the operator's rule directory
     * @param journalctl the journalctl command ({@link JournalFollower#DEFAULT_BINARY})
     * @param clock times the events
     * @param listener receives every detection, after it is logged
     * @return the running service
     * @throws IOException when the rule directory cannot be watched
     */
    public static DetectService start(Path stateDir, Path rulesDir, Path journalctl, Clock clock,
                                      DetectionListener listener) throws IOException {
        RulesWatcher watcher = new RulesWatcher(rulesDir);
        RuleSet rules = watcher.load();
        Detector detector = new Detector(rules == null ? RuleSet.builtIn() : rules, clock, detection -> {
            LOG.log(Level.INFO, Event.of("detect.triggered", "rule", detection.rule(), "ip", detection.address(),
                    "events", detection.events(), "ban", detection.banFor(), "network", detection.network()));
            listener.triggered(detection);
        }, (rule, match) -> { });
        LogFollower follower = new LogFollower(stateDir, detector::line);
        follower.follow(files(detector.rules()));
        JournalFollower journal = new JournalFollower(journalctl, stateDir);
        journal.follow(units(detector.rules()));
        DetectService service = new DetectService(detector, follower, journal, watcher);
        service.schedule.start("rules", detector.rules().rules().size(), "rules-dir", rulesDir);
        return service;
    }

    /** One round; never throws. */
    private void tick() {
        try {
            RuleSet changed = watcher.changed();
            if (changed != null) {
                detector.replace(changed);
                follower.follow(files(changed));
                journal.follow(units(changed));
            }
            follower.poll();
            journal.poll(detector::journalLine);
            ticks++;
            if (ticks % SAVE_EVERY_TICKS == 0) {
                follower.save();
                journal.save();
            }
            if (ticks % EVICT_EVERY_TICKS == 0) {
                detector.evictIdle();
            }
        } catch (Exception e) {
            LOG.log(Level.ERROR, Event.of("detect.failed", "error", e.toString()));
        }
    }

    private static List<String> files(RuleSet rules) {
        return rules.rules().stream().flatMap(rule -> rule.files().stream()).distinct().toList();
    }

    private static List<String> units(RuleSet rules) {
        return rules.rules().stream().flatMap(rule -> rule.journal().stream()).distinct().toList();
    }

    /** Stops reading, saves the positions and the cursor, closes the files and stops journalctl. */
    @Override
    public void close() {
        schedule.close();
        follower.close();
        journal.close();
        try {
            watcher.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, Event.of("detect.close-failed", "error", e.toString()));
        }
    }
}
