package io.vigie.agent.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Makes the agent's AOT cache at build time ({@code agent/pom.xml}, package phase, after jlink):
 * a training run of the packaged agent, through the wrapper with
 * {@code VIGIE_AGENT_AOT_TRAINING}, enrolled with and sending to a {@link FakeControlPlane} over
 * TLS, heartbeats and metrics every second, until the control plane has accepted enough
 * messages; then SIGTERM, on which the JVM writes the cache of every class the run loaded and
 * linked (JEP 483/514). The agent then starts from that cache: less memory and a faster start
 * (docs/agent-installation.md, "Memory").
 *
 * <p>Arguments: the wrapper script, the installation directory the build made (with
 * {@code runtime/} and {@code vigie-agent.jar}), the cache file to write, and the modification
 * time of the files of the .deb (ISO-8601). The JVM uses a cache only with the jar it was made
 * with, same size and modification time: the jar gets the package's time before the training.
 */
public final class AotTraining {

    private static final int MESSAGES = 20;
    private static final Duration PATIENCE = Duration.ofSeconds(120);

    private AotTraining() {
    }

    /**
     * @param args wrapper, installation directory, cache file, package time
     */
    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[1]);
        Path output = Path.of(args[2]).toAbsolutePath();
        Files.deleteIfExists(output);
        Files.setLastModifiedTime(home.resolve("vigie-agent.jar"), FileTime.from(Instant.parse(args[3])));
        Path dir = Files.createTempDirectory("vigie-aot-training");
        PackagedAgent agent = new PackagedAgent(Path.of(args[0]), home, dir);
        TestPki pki = TestPki.create();
        try (FakeControlPlane controlPlane = new FakeControlPlane(pki).start()) {
            String stateDir = dir.resolve("state").toString();
            agent.call("enroll", "--server", controlPlane.url().toString(), "--token", "training",
                    "--fingerprint", pki.caFingerprint().toString(), "--state-dir", stateDir);
            Process run = agent.start(dir.resolve("agent.log"),
                    Map.of("VIGIE_AGENT_AOT_TRAINING", output.toString(), "VIGIE_AGENT_METRICS_INTERVAL", "1s"),
                    "run", "--state-dir", stateDir);
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (controlPlane.accepted().size() < MESSAGES && run.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            run.destroy();
            if (!run.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
                run.destroyForcibly();
            }
            if (controlPlane.accepted().size() < MESSAGES || !Files.isRegularFile(output)) {
                throw new IllegalStateException("AOT training failed: " + controlPlane.accepted().size()
                        + " messages accepted, cache " + (Files.isRegularFile(output) ? "written" : "missing")
                        + "; agent log:\n" + Files.readString(dir.resolve("agent.log")));
            }
        } finally {
            delete(dir);
        }
        System.out.println("AOT cache written: " + output + " (" + Files.size(output) / 1024 + " KiB)");
    }

    private static void delete(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
