package io.vigie.systemtests;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The control plane ({@code server/target/vigie-server.jar}) run as a separate process, as in
 * production: its own data directory (embedded PostgreSQL, TLS material) and free loopback ports,
 * which stay the same across {@link #restart()}s so that an enrolled agent finds it again.
 *
 * <p>The embedded PostgreSQL is not a child of the control plane's JVM once started ({@code pg_ctl}
 * detaches it), so this class finds its processes by their executable, which lives under the data
 * directory. Invariants: {@link #stop()} proves that SIGTERM stops both the JVM and PostgreSQL;
 * {@link #kill()} crashes both at once, like a power cut or systemd killing the service's control
 * group; {@link #close()} leaves no process and no data directory behind.
 *
 * <p>Output goes to {@code system-tests/target/logs/control-plane-<name>.log} (all starts appended).
 */
final class ControlPlaneProcess implements AutoCloseable {

    /** The administrator created at first start. */
    static final String ADMIN_EMAIL = "admin@vigie.local";

    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(90);
    private static final Set<Path> DATA_DIRS = ConcurrentHashMap.newKeySet();

    static {
        // Runs after a failed or interrupted run: a PostgreSQL left behind would outlive the build.
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("system-tests-postgres-cleanup").unstarted(() -> {
            for (Path dir : DATA_DIRS) {
                postgresProcesses(dir).forEach(ProcessHandle::destroyForcibly);
            }
        }));
    }

    private final String name;
    private final Path dataDir;
    private final int httpPort;
    private final int agentPort;
    private final Duration heartbeatInterval;
    private final String adminPassword = "st-" + UUID.randomUUID();
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private ChildProcess process;

    private final List<String> settings;

    private ControlPlaneProcess(String name, Duration heartbeatInterval, List<String> settings) {
        this.name = name;
        this.settings = List.copyOf(settings);
        this.heartbeatInterval = heartbeatInterval;
        this.dataDir = SystemTestPaths.newTempDirectory("control-plane-" + name);
        this.log = SystemTestPaths.freshLog("control-plane-" + name + ".log");
        int[] ports = freePorts(2);
        this.httpPort = ports[0];
        this.agentPort = ports[1];
        DATA_DIRS.add(dataDir);
    }

    /**
     * Starts a control plane on a new data directory and waits until it is healthy.
     *
     * @param name names its log file and data directory
     * @param heartbeatInterval the heartbeat interval it asks agents for (offline after three missed)
     * @param settings more command-line settings, e.g. {@code --vigie.alerts.evaluation-interval=10s}
     * @return the running control plane
     */
    static ControlPlaneProcess start(String name, Duration heartbeatInterval, String... settings) {
        ControlPlaneProcess controlPlane = new ControlPlaneProcess(name, heartbeatInterval, List.of(settings));
        try {
            controlPlane.launch();
            return controlPlane;
        } catch (RuntimeException | Error e) {
            controlPlane.close();
            throw e;
        }
    }

    /** Starts it again on the same data directory and ports, and waits until it is healthy. */
    void restart() {
        if (isRunning()) {
            throw new IllegalStateException("the control plane " + name + " is still running");
        }
        launch();
    }

    /**
     * Stops it gracefully (SIGTERM) and checks that the JVM and the embedded PostgreSQL are gone.
     */
    void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.terminate(STOP_TIMEOUT);
        awaitNoPostgres(Duration.ofSeconds(30), "after SIGTERM");
    }

    /**
     * Crashes it: SIGKILL to the JVM and to every process of its embedded PostgreSQL, as a power
     * cut or the service manager killing the whole service would. PostgreSQL must then recover at
     * the next start.
     */
    void kill() {
        List<ProcessHandle> postgres = postgresProcesses(dataDir);
        if (process != null) {
            process.kill();
        }
        postgres.forEach(ProcessHandle::destroyForcibly);
        postgresProcesses(dataDir).forEach(ProcessHandle::destroyForcibly);
        awaitNoPostgres(Duration.ofSeconds(30), "after SIGKILL");
    }

    /**
     * Crashes only the JVM (SIGKILL), leaving its embedded PostgreSQL running as an orphan, as
     * happens when the control plane is started by hand, without a service manager.
     */
    void killJvmOnly() {
        if (process != null) {
            process.kill();
        }
    }

    /** @return true while the JVM runs */
    boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** @return the console and REST API, e.g. {@code http://127.0.0.1:41234} */
    URI baseUri() {
        return URI.create("http://127.0.0.1:" + httpPort);
    }

    /** @return the agent endpoint that enrollment commands name */
    String agentUrl() {
        return "https://127.0.0.1:" + agentPort;
    }

    /** @return the administrator's password, set at first start */
    String adminPassword() {
        return adminPassword;
    }

    /** @return its log file */
    Path log() {
        return log;
    }

    /** @return the data directory */
    Path dataDir() {
        return dataDir;
    }

    /** @return the processes of its embedded PostgreSQL that still run */
    List<ProcessHandle> postgresProcesses() {
        return postgresProcesses(dataDir);
    }

    /**
     * @param lines how many lines
     * @return the end of its log, for failure messages
     */
    String logTail(int lines) {
        return ChildProcess.tail(log, lines);
    }

    /** Stops it if it runs (SIGTERM, SIGKILL if needed), kills any leftover PostgreSQL, deletes the data. */
    @Override
    public void close() {
        try {
            if (isRunning()) {
                process.terminate(STOP_TIMEOUT);
            }
        } catch (AssertionError e) {
            ChildProcess.appendLine(log, "==== " + e.getMessage());
        } finally {
            killLeftoverPostgres();
            DATA_DIRS.remove(dataDir);
            SystemTestPaths.deleteTree(dataDir);
        }
    }

    private void launch() {
        List<String> command = new ArrayList<>(List.of(SystemTestPaths.java().toString(),
                "-XX:+ExitOnOutOfMemoryError",
                "-jar", SystemTestPaths.serverJar().toString(),
                "--vigie.data-dir=" + dataDir,
                "--server.address=127.0.0.1",
                "--server.port=" + httpPort,
                "--vigie.agent-api.port=" + agentPort,
                "--vigie.agent-api.public-url=" + agentUrl(),
                "--vigie.agent-api.heartbeat-interval=" + heartbeatInterval.toMillis() + "ms",
                "--vigie.admin.email=" + ADMIN_EMAIL,
                // PostgreSQL's own messages (e.g. a refused start) are needed to diagnose a failure.
                "--logging.level.io.zonky.test.db.postgres.embedded=info"));
        command.addAll(settings);
        // The password goes through the environment, so that it is not visible in 'ps'.
        Map<String, String> env = Map.of("VIGIE_ADMIN_PASSWORD", adminPassword);
        process = ChildProcess.start("control plane " + name, command, env, log);
        awaitHealthy();
    }

    private void awaitHealthy() {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        HttpRequest health = HttpRequest.newBuilder(baseUri().resolve("/actuator/health"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        while (true) {
            if (!process.isAlive()) {
                throw new AssertionError("the control plane " + name + " exited with code " + process.waitFor(Duration.ZERO)
                        .orElse(-1) + " before it was healthy; end of " + log + ":\n" + logTail(60));
            }
            try {
                if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (Instant.now().isAfter(deadline)) {
                process.kill();
                throw new AssertionError("the control plane " + name + " was not healthy within " + START_TIMEOUT
                        + "; killed it; end of " + log + ":\n" + logTail(60));
            }
            sleep(Duration.ofMillis(250));
        }
    }

    private void awaitNoPostgres(Duration timeout, String when) {
        Instant deadline = Instant.now().plus(timeout);
        while (!postgresProcesses(dataDir).isEmpty()) {
            if (Instant.now().isAfter(deadline)) {
                List<Long> pids = postgresProcesses(dataDir).stream().map(ProcessHandle::pid).toList();
                killLeftoverPostgres();
                throw new AssertionError("the embedded PostgreSQL of " + name + " still ran " + timeout + " " + when
                        + " (pids " + pids + "); killed it");
            }
            sleep(Duration.ofMillis(100));
        }
    }

    private void killLeftoverPostgres() {
        List<ProcessHandle> left = postgresProcesses(dataDir);
        if (!left.isEmpty()) {
            ChildProcess.appendLine(log, "==== " + Instant.now() + " killing leftover PostgreSQL processes "
                    + left.stream().map(ProcessHandle::pid).toList());
            left.forEach(ProcessHandle::destroyForcibly);
        }
    }

    /**
     * The postmaster and its backends all run the executable that the embedded PostgreSQL
     * extracted under the data directory; backends rewrite their command line but not their
     * executable. The postmaster's {@code -D <data>/postgres} is matched too, in case the
     * executable cannot be read.
     */
    private static List<ProcessHandle> postgresProcesses(Path dataDir) {
        String binaries = dataDir.resolve("postgres-binaries").toString() + "/";
        String cluster = "-D " + dataDir.resolve("postgres");
        return ProcessHandle.allProcesses()
                .filter(p -> p.pid() != ProcessHandle.current().pid())
                .filter(p -> p.info().command().map(c -> c.startsWith(binaries)).orElse(false)
                        || p.info().commandLine().map(c -> c.contains(cluster)).orElse(false))
                .toList();
    }

    private static int[] freePorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new IllegalStateException("cannot find free loopback ports", e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // nothing to do
                }
            }
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
