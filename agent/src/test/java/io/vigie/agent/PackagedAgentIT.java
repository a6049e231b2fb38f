package io.vigie.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigie.agent.testing.FakeControlPlane;
import io.vigie.agent.testing.PackagedAgent;
import io.vigie.agent.testing.TestPki;
import io.vigie.agent.transport.Json;
import io.vigie.protocol.Envelope;
import io.vigie.protocol.HostFacts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the agent as operators do: the packaged jar on the jlink runtime, through the wrapper
 * script of the .deb, as a separate process, against a fake control plane. This proves the
 * runtime has every module the agent needs (TLS, logging, XML for Jackson), that the AOT cache
 * made at build time is used, and that the process stops cleanly on SIGTERM. It also prints the
 * agent's resident memory.
 */
class PackagedAgentIT {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private static final List<String> INSTALLED = List.of("runtime", "vigie-agent.jar", "vigie-agent.aot");

    private Path home;
    private Path stateDir;
    private PackagedAgent agent;

    @BeforeEach
    void layOutAnInstallation() throws IOException {
        home = Files.createDirectories(dir.resolve("usr-lib-vigie-agent"));
        Path built = Path.of(System.getProperty("vigie.agent.home"));
        for (String name : INSTALLED) {
            Files.createSymbolicLink(home.resolve(name), built.resolve(name));
        }
        stateDir = dir.resolve("state");
        agent = new PackagedAgent(Path.of(System.getProperty("vigie.agent.wrapper")), home, dir);
    }

    @AfterEach
    void removeLinks() throws IOException {
        for (String name : INSTALLED) {
            Files.deleteIfExists(home.resolve(name));
        }
    }

    @Test
    void enrollsRunsReconnectsAndStopsCleanly() throws Exception {
        String version = System.getProperty("vigie.agent.version");
        assertThat(agent.call("--version")).isEqualTo("vigie-agent " + version + "\n");
        assertThat(Json.mapper().readValue(agent.call("facts"), HostFacts.class).agentVersion()).isEqualTo(version);

        TestPki pki = TestPki.create();
        try (FakeControlPlane controlPlane = new FakeControlPlane(pki).start()) {
            String enrolled = agent.call("enroll", "--server", controlPlane.url().toString(), "--token", "tok",
                    "--fingerprint", pki.caFingerprint().toString(), "--state-dir", stateDir.toString());
            assertThat(enrolled).contains("enrolled", controlPlane.identity().serverId().toString());
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(stateDir.resolve("agent.json"))))
                    .isEqualTo("rw-------");

            Path log = dir.resolve("agent.log");
            Process process = agent.start(log, Map.of(), "run", "--state-dir", stateDir.toString());
            try {
                await().atMost(PATIENCE).until(() -> controlPlane.accepted().size() >= 3);

                controlPlane.stop();
                await().atMost(PATIENCE).until(() -> count(log, "event=transport.send-failed") >= 2);
                controlPlane.start();
                int before = controlPlane.accepted().size();
                await().atMost(PATIENCE).until(() -> controlPlane.accepted().size() >= before + 3);

                await().atMost(PATIENCE).until(() -> controlPlane.accepted().size() >= 10);
                System.out.println("vigie-agent resident memory after " + controlPlane.accepted().size()
                        + " heartbeats: " + memory(process.pid()));
            } finally {
                process.destroy();
                assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            }

            assertThat(process.exitValue()).isEqualTo(143);
            // Each message processed once, none missing, in order. (The outage may cut a batch after
            // the control plane processed it: it then comes back as duplicates, not counted twice.)
            List<Envelope> accepted = controlPlane.accepted();
            assertThat(accepted).extracting(Envelope::id).doesNotHaveDuplicates();
            assertThat(accepted).extracting(Envelope::sequence)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, accepted.size()).boxed().toList());
            List<String> lines = Files.readAllLines(log);
            // Only the agent's lines: a JVM complaint (an AOT cache it could not use...) would show here.
            assertThat(lines).allSatisfy(line -> assertThat(line).startsWith("time=").contains(" level=", " event="));
            assertThat(lines).anySatisfy(line -> assertThat(line).contains("event=agent.stopped"));
            assertThat(String.join("\n", lines)).doesNotContain(controlPlane.identity().secret());
        }
    }

    private static long count(Path log, String fragment) throws IOException {
        return Files.readAllLines(log).stream().filter(line -> line.contains(fragment)).count();
    }

    private static String memory(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                .filter(line -> line.startsWith("VmRSS") || line.startsWith("VmHWM"))
                .map(line -> line.replaceAll("\\s+", " "))
                .reduce((a, b) -> a + ", " + b).orElse("unknown");
    }
}
