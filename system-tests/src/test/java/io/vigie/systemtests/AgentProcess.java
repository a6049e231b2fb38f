package io.vigie.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The agent ({@code agent/target/vigie-agent.jar}) run as a separate process, with its own state
 * directory (identity and spool) and its own configuration file, so that nothing of the machine's
 * {@code /etc/vigie/agent.conf} or {@code VIGIE_AGENT_*} environment leaks in.
 *
 * <p>Output goes to {@code system-tests/target/logs/agent-<name>.log} ({@code enroll} and
 * {@code run} both append to it). {@link #close()} stops it and deletes its state directory.
 */
final class AgentProcess implements AutoCloseable {

    private static final Duration ENROLL_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final Path stateDir;
    private final Path config;
    private final Path log;
    private ChildProcess process;

    private AgentProcess(String name, Path stateDir, Path config, Path log) {
        this.name = name;
        this.stateDir = stateDir;
        this.config = config;
        this.log = log;
    }

    /**
     * Prepares an agent: a new state directory and a configuration file setting the heartbeat
     * interval (the agent's {@code heartbeat.interval} setting).
     *
     * @param name names its log file and state directory
     * @param heartbeatInterval how often it sends a heartbeat
     * @return the agent, not enrolled, not running
     */
    static AgentProcess create(String name, Duration heartbeatInterval) {
        return create(name, heartbeatInterval, Duration.ofSeconds(30));
    }

    /**
     * Prepares an agent with its heartbeat and metrics intervals.
     *
     * @param name names its log file and state directory
     * @param heartbeatInterval how often it sends a heartbeat
     * @param metricsInterval how often it sends a round of metrics
     * @return the agent, not enrolled, not running
     */
    static AgentProcess create(String name, Duration heartbeatInterval, Duration metricsInterval) {
        Path home = SystemTestPaths.newTempDirectory("agent-" + name);
        Path stateDir = home.resolve("state");
        Path config = home.resolve("agent.conf");
        try {
            Files.createDirectories(stateDir);
            Files.writeString(config, "heartbeat.interval=" + heartbeatInterval.toMillis() + "ms\nmetrics.interval="
                    + metricsInterval.toMillis() + "ms\nlog.level=DEBUG\n"
                    // A test agent never touches the machine's firewall (FirewallEnforcementTest does, in namespaces).
                    + "firewall.enabled=false\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new AgentProcess(name, stateDir, config, SystemTestPaths.freshLog("agent-" + name + ".log"));
    }

    /**
     * Runs {@code vigie-agent enroll ...} to completion.
     *
     * @param server the agent endpoint
     * @param token the one-time enrollment token
     * @param fingerprint the CA fingerprint to pin
     * @return its exit code and output
     */
    Result enroll(String server, String token, String fingerprint) {
        return runToCompletion(List.of("enroll", "--server", server, "--token", token, "--fingerprint", fingerprint));
    }

    /**
     * Runs the arguments of a command as shown to the operator ({@code enroll --server ...}), with
     * this agent's configuration and state directory added.
     *
     * @param arguments the arguments after {@code vigie-agent}
     * @return its exit code and output
     */
    Result runToCompletion(List<String> arguments) {
        long start = logSize();
        ChildProcess child = ChildProcess.start("agent " + name + " " + arguments.getFirst(), command(arguments),
                Map.of(), log);
        int code = child.waitFor(ENROLL_TIMEOUT).orElseGet(() -> {
            child.kill();
            throw new AssertionError("vigie-agent " + arguments.getFirst() + " did not finish within " + ENROLL_TIMEOUT
                    + "; log: " + log);
        });
        return new Result(code, readLogFrom(start));
    }

    /** Starts {@code vigie-agent run} in the background. */
    void start() {
        if (isRunning()) {
            throw new IllegalStateException("the agent " + name + " already runs");
        }
        process = ChildProcess.start("agent " + name + " run", command(List.of("run")), Map.of(), log);
    }

    /** Stops it with SIGTERM, as systemd does, and checks that it exits. */
    void stop() {
        if (isRunning()) {
            process.terminate(STOP_TIMEOUT);
        }
    }

    /** @return true while {@code run} runs */
    boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** @return its state directory (identity, spool) */
    Path stateDir() {
        return stateDir;
    }

    /** @return its log file */
    Path log() {
        return log;
    }

    /**
     * @param lines how many lines
     * @return the end of its log
     */
    String logTail(int lines) {
        return ChildProcess.tail(log, lines);
    }

    @Override
    public void close() {
        try {
            if (isRunning()) {
                process.terminate(STOP_TIMEOUT);
            }
        } catch (AssertionError e) {
            ChildProcess.appendLine(log, "==== " + e.getMessage());
        } finally {
            SystemTestPaths.deleteTree(stateDir.getParent());
        }
    }

    private List<String> command(List<String> arguments) {
        List<String> command = new ArrayList<>(List.of(SystemTestPaths.java().toString(), "-jar",
                SystemTestPaths.agentJar().toString()));
        command.addAll(arguments);
        command.addAll(List.of("--config", config.toString(), "--state-dir", stateDir.toString()));
        return command;
    }

    private long logSize() {
        try {
            return Files.exists(log) ? Files.size(log) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String readLogFrom(long offset) {
        try {
            byte[] all = Files.readAllBytes(log);
            return new String(all, (int) Math.min(offset, all.length), (int) Math.max(0, all.length - offset),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The outcome of a command that ran to completion.
     *
     * @param exitCode its exit code
     * @param output its standard output and error
     */
    record Result(int exitCode, String output) {
    }
}
