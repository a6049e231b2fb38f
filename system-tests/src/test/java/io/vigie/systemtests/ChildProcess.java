package io.vigie.systemtests;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One operating-system process started by a test (the control plane, an agent), with its standard
 * output and error appended to a log file for diagnosis.
 *
 * <p>Invariant: every process started here is either stopped by its owner or killed by a JVM
 * shutdown hook, so a failing or interrupted test run (surefire's fork timeout sends SIGTERM to
 * the fork) leaves no process behind. {@link #terminate} sends SIGTERM, {@link #kill} SIGKILL.
 */
final class ChildProcess {

    private static final Set<ChildProcess> STARTED = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("system-tests-cleanup").unstarted(() -> {
            for (ChildProcess child : STARTED) {
                child.process.destroyForcibly();
            }
        }));
    }

    private final String label;
    private final Process process;
    private final Path log;

    private ChildProcess(String label, Process process, Path log) {
        this.label = label;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts a process with a clean environment: the parent's, minus every {@code VIGIE_*}
     * variable (so that a developer's settings do not leak in), plus {@code env}.
     *
     * @param label names the process in messages
     * @param command the command line
     * @param env variables to set
     * @param log the file that output is appended to
     * @return the running process
     */
    static ChildProcess start(String label, List<String> command, Map<String, String> env, Path log) {
        appendLine(log, "==== " + Instant.now() + " starting " + label + ": " + String.join(" ", command));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().keySet().removeIf(name -> name.startsWith("VIGIE_"));
        builder.environment().putAll(env);
        try {
            ChildProcess child = new ChildProcess(label, builder.start(), log);
            STARTED.add(child);
            child.process.onExit().thenRun(() -> STARTED.remove(child));
            return child;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + label + ": " + command, e);
        }
    }

    /** @return true while the process runs */
    boolean isAlive() {
        return process.isAlive();
    }

    /** @return its process id */
    long pid() {
        return process.pid();
    }

    /** @return its log file */
    Path log() {
        return log;
    }

    /**
     * @param timeout how long to wait at most
     * @return the exit code, or empty if it still runs after {@code timeout}
     */
    OptionalInt waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    ? OptionalInt.of(process.exitValue()) : OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + label, e);
        }
    }

    /**
     * Sends SIGTERM and waits for the process to exit. If it has not exited after {@code grace},
     * it is killed and an {@link AssertionError} says so: stopping on SIGTERM is part of what the
     * programs promise (systemd stops them that way).
     *
     * @param grace how long the process may take to stop
     * @return its exit code
     */
    int terminate(Duration grace) {
        if (!process.isAlive()) {
            return process.exitValue();
        }
        appendLine(log, "==== " + Instant.now() + " sending SIGTERM to " + label + " (pid " + pid() + ")");
        process.destroy();
        OptionalInt code = waitFor(grace);
        if (code.isPresent()) {
            return code.getAsInt();
        }
        kill();
        throw new AssertionError(label + " did not stop within " + grace + " after SIGTERM; killed it (log: " + log + ")");
    }

    /**
     * Sends SIGKILL and waits (bounded) for the process to be gone.
     *
     * @return its exit code (137 normally)
     */
    int kill() {
        if (process.isAlive()) {
            appendLine(log, "==== " + Instant.now() + " sending SIGKILL to " + label + " (pid " + pid() + ")");
            process.destroyForcibly();
        }
        return waitFor(Duration.ofSeconds(30))
                .orElseThrow(() -> new AssertionError(label + " survived SIGKILL for 30 s (pid " + pid() + ")"));
    }

    /**
     * @param lines how many lines
     * @return the end of the log, to put in a failure message
     */
    String logTail(int lines) {
        return tail(log, lines);
    }

    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    static void appendLine(Path file, String line) {
        try {
            Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
