package io.vigie.agent.detect;

import io.vigie.agent.io.DurableFiles;
import io.vigie.agent.log.Event;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Follows the systemd journal of some units by running
 * {@code journalctl --follow --output=json --all --unit=U ...} (ADR 0003), directly (never
 * through a shell), the units and the cursor each in one argument of their own.
 *
 * <p>A thread of its own reads journalctl's output and puts the entries ({@link JournalEntry})
 * in a bounded queue; {@link #poll} hands them over on the caller's thread (so the
 * {@link Detector} stays on one thread). When journalctl exits it is started again after 1 s,
 * then 2, 4... up to 60 s (back to 1 s after a run of 60 s); the first exit of a series is logged
 * at WARN, a missing binary once at ERROR. A line that is not an entry is skipped (WARN the
 * first time, DEBUG after), as is one longer than 1 MiB.
 *
 * <p>Position: journalctl 252 (Debian 12) never writes its {@code --cursor-file} in follow mode,
 * not even at SIGTERM (systemd issue 26746, fixed in 254), so the follower keeps the cursor
 * itself: the cursor of the last entry handed over is saved by {@link #save()} in
 * {@code <state>/detect/journal.cursor}, and journalctl starts {@code --after-cursor} it with
 * {@code --no-tail}; without a cursor (first start) it starts at the end ({@code --lines=0}).
 * After an exit journalctl starts after the last entry queued. Invariants: an entry is handed
 * over at most once per agent run, and across restarts only after the saved cursor, so at most
 * the entries handed over since the last save are seen again after a crash of the agent; a
 * cursor journalctl refuses is dropped (logged) and the journal is read from its end.
 * Not thread-safe: one thread calls {@link #follow}, {@link #poll}, {@link #save} and
 * {@link #close}.
 */
public final class JournalFollower implements AutoCloseable {

    /** Where Debian installs journalctl. */
    public static final Path DEFAULT_BINARY = Path.of("/usr/bin/journalctl");

    /** The first wait before journalctl is started again. */
    static final Duration FIRST_DELAY = Duration.ofSeconds(1);

    /** The longest wait before journalctl is started again. */
    static final Duration MAX_DELAY = Duration.ofSeconds(60);

    private static final System.Logger LOG = System.getLogger(JournalFollower.class.getName());
    private static final int QUEUE = 1024;
    private static final int MAX_JSON = 1 << 20;
    private static final int MAX_PER_POLL = 100_000;
    private static final int MAX_ERROR_BYTES = 2000;
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    private static final Pattern CURSOR = Pattern.compile("[\\x21-\\x7e]{1,512}");

    /** Receives the entries. */
    public interface EntrySink {
        /**
         * @param unit the unit that logged the entry ({@code _SYSTEMD_UNIT}), or {@code null}
         * @param line the entry as a syslog-like line, UTF-8
         */
        void entry(String unit, byte[] line);
    }

    private final Path binary;
    private final Path cursorFile;
    private final BlockingQueue<JournalEntry> queue = new ArrayBlockingQueue<>(QUEUE);
    /** The cursor of the last entry queued: where journalctl starts again. */
    private volatile String queued;
    /** The cursor of the last entry handed over. */
    private String handed;
    private String saved;
    private volatile boolean unavailableLogged;
    private volatile long malformed;
    private List<String> units = List.of();
    private Run run;

    /**
     * @param binary the journalctl command
     * @param stateDir the agent's state directory, where {@code detect/journal.cursor} is
     */
    public JournalFollower(Path binary, Path stateDir) {
        this.binary = binary;
        this.cursorFile = stateDir.resolve("detect").resolve("journal.cursor");
        this.saved = readCursor(cursorFile);
        this.queued = saved;
        this.handed = saved;
    }

    /**
     * Follows these units from now on: journalctl is started again when they change, and not
     * run at all when there is none.
     *
     * @param wanted the units
     */
    public void follow(Collection<String> wanted) {
        List<String> next = List.copyOf(new TreeSet<>(wanted));
        if (next.equals(units)) {
            return;
        }
        stop();
        units = next;
        if (!units.isEmpty()) {
            run = new Run(units);
        }
        LOG.log(Level.INFO, Event.of("detect.journal-following", "units", String.join(",", units)));
    }

    /**
     * Hands over the entries read since the last call.
     *
     * @param sink receives them
     */
    public void poll(EntrySink sink) {
        JournalEntry entry;
        for (int i = 0; i < MAX_PER_POLL && (entry = queue.poll()) != null; i++) {
            sink.entry(entry.unit(), entry.line());
            handed = entry.cursor();
        }
    }

    /**
     * Saves the cursor of the last entry handed over, atomically, when it changed.
     *
     * @throws IOException when the file cannot be written (the previous one is then intact)
     */
    public void save() throws IOException {
        if (handed == null || handed.equals(saved)) {
            return;
        }
        Files.createDirectories(cursorFile.getParent(), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        DurableFiles.writeAtomically(cursorFile, handed.getBytes(StandardCharsets.US_ASCII), DurableFiles.OWNER_ONLY,
                null);
        saved = handed;
    }

    /** Stops journalctl and saves the cursor. */
    @Override
    public void close() {
        stop();
        try {
            save();
        } catch (IOException e) {
            LOG.log(Level.WARNING, Event.of("detect.journal-cursor-not-saved", "file", cursorFile,
                    "error", e.toString()));
        }
    }

    private void stop() {
        if (run != null) {
            run.stop();
            run = null;
        }
    }

    /** @return the command for these units, starting after the cursor (or at the end without one) */
    List<String> command(List<String> followed, String cursor) {
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--follow", "--output=json", "--all"));
        if (cursor == null) {
            command.add("--lines=0");
        } else {
            command.add("--after-cursor=" + cursor);
            command.add("--no-tail");
        }
        followed.forEach(unit -> command.add("--unit=" + unit));
        return command;
    }

    private static String readCursor(Path file) {
        try {
            String cursor = Files.readString(file, StandardCharsets.US_ASCII).strip();
            if (CURSOR.matcher(cursor).matches()) {
                return cursor;
            }
            LOG.log(Level.WARNING, Event.of("detect.journal-cursor-unreadable", "file", file, "error", "not a cursor"));
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, Event.of("detect.journal-cursor-unreadable", "file", file, "error", e.toString()));
        }
        return null;
    }

    private void malformed(String error) {
        Level level = malformed++ == 0 ? Level.WARNING : Level.DEBUG;
        LOG.log(level, Event.of("detect.journal-entry-skipped", "error", error, "skipped", malformed));
    }

    /**
     * One journalctl kept running for a set of units, on its own thread, until {@link #stop()}.
     * Invariant: once {@code stopping} is set, no process is started and the running one is ended.
     */
    private final class Run {

        private final List<String> units;
        private final Thread thread;
        private volatile boolean stopping;
        private volatile Process process;

        Run(List<String> units) {
            this.units = units;
            this.thread = Thread.ofVirtual().name("detect-journal").start(this::loop);
        }

        private void loop() {
            long delay = FIRST_DELAY.toMillis();
            boolean warned = false;
            while (!stopping) {
                long started = System.nanoTime();
                String failure = once();
                if (stopping) {
                    return;
                }
                if (System.nanoTime() - started >= MAX_DELAY.toNanos()) {
                    delay = FIRST_DELAY.toMillis();
                    warned = false;
                }
                if (failure != null) {
                    LOG.log(warned ? Level.DEBUG : Level.WARNING, Event.of("detect.journal-exited", "binary", binary,
                            "error", failure, "restart-in-ms", delay));
                    warned = true;
                }
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException e) {
                    return;
                }
                delay = Math.min(delay * 2, MAX_DELAY.toMillis());
            }
        }

        /** @return why journalctl ended, or {@code null} when it could not start (logged) */
        private String once() {
            String cursor = queued;
            Process started;
            try {
                started = new ProcessBuilder(command(units, cursor)).start();
                started.getOutputStream().close();
            } catch (IOException e) {
                Level level = unavailableLogged ? Level.DEBUG : Level.ERROR;
                unavailableLogged = true;
                LOG.log(level, Event.of("detect.journal-unavailable", "binary", binary, "error", e.getMessage()));
                return null;
            }
            process = started;
            if (stopping) {
                started.destroy();
            }
            ByteArrayOutputStream errors = new ByteArrayOutputStream();
            Thread stderr = Thread.ofVirtual().start(() -> drain(started.getErrorStream(), errors));
            long entries = read(started.getInputStream());
            try {
                int status = started.waitFor();
                stderr.join();
                String error = errors.toString(StandardCharsets.UTF_8).strip();
                if (status != 0 && entries == 0 && cursor != null && error.toLowerCase().contains("cursor")
                        && !stopping) {
                    queued = null;
                    LOG.log(Level.WARNING, Event.of("detect.journal-cursor-dropped", "cursor", cursor, "error", error));
                }
                return "exit status " + status + (error.isEmpty() ? "" : ": " + error);
            } catch (InterruptedException e) {
                started.destroy();
                return "interrupted";
            }
        }

        /** @return the entries queued from journalctl's output, read to its end */
        private long read(InputStream in) {
            byte[] chunk = new byte[64 * 1024];
            byte[] line = new byte[4096];
            int length = 0;
            boolean tooLong = false;
            long entries = 0;
            try (in) {
                int n;
                while ((n = in.read(chunk)) > 0) {
                    int start = 0;
                    for (int i = 0; i <= n; i++) {
                        if (i < n && chunk[i] != '\n') {
                            continue;
                        }
                        int part = i - start;
                        if (!tooLong && length + part > MAX_JSON) {
                            tooLong = true;
                            malformed("entry longer than " + MAX_JSON + " bytes");
                        } else if (!tooLong) {
                            if (length + part > line.length) {
                                line = Arrays.copyOf(line, Math.min(MAX_JSON, Math.max(line.length * 2, length + part)));
                            }
                            System.arraycopy(chunk, start, line, length, part);
                            length += part;
                        }
                        if (i < n) {
                            entries += tooLong ? 0 : entry(line, length);
                            length = 0;
                            tooLong = false;
                        }
                        start = i + 1;
                    }
                }
            } catch (IOException e) {
                // journalctl was ended: what it wrote so far was read.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return entries;
        }

        /** @return 1 when the line was queued as an entry, else 0 */
        private int entry(byte[] line, int length) throws InterruptedException {
            if (length == 0) {
                return 0;
            }
            try {
                JournalEntry entry = JournalEntry.parse(line, length);
                if (entry == null) {
                    return 0;
                }
                queue.put(entry);
                queued = entry.cursor();
                return 1;
            } catch (JournalEntry.Malformed e) {
                malformed(e.getMessage());
                return 0;
            }
        }

        /** Ends journalctl (SIGTERM, SIGKILL after 5 s) and the thread, and waits for both. */
        void stop() {
            stopping = true;
            Process running = process;
            if (running != null) {
                running.destroy();
            }
            thread.interrupt();
            try {
                thread.join(STOP_TIMEOUT);
                Process last = process;
                if (last != null && !last.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    last.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                }
                thread.join(STOP_TIMEOUT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private static void drain(InputStream in, ByteArrayOutputStream sink) {
            byte[] buffer = new byte[4096];
            try (in) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    sink.write(buffer, 0, Math.min(n, Math.max(0, MAX_ERROR_BYTES - sink.size())));
                }
            } catch (IOException e) {
                // journalctl was ended: what it wrote so far is kept.
            }
        }
    }
}
