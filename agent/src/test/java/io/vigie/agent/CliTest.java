package io.vigie.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.agent.testing.FakeControlPlane;
import io.vigie.agent.testing.Samples;
import io.vigie.agent.testing.TestPki;
import io.vigie.agent.transport.Json;
import io.vigie.protocol.EnrollmentResponse;
import io.vigie.protocol.HostFacts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CliTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T10:15:30Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private final TestPki pki = TestPki.create();
    private final FakeControlPlane controlPlane = new FakeControlPlane(pki).start();
    private final Map<String, String> env = new HashMap<>();

    /** What one command printed and returned. */
    record Outcome(int code, String out, String err) {
    }

    @AfterEach
    void stop() {
        controlPlane.close();
    }

    @Test
    void enrollWritesAPrivateIdentityAndSaysWhichServerThisIs() throws IOException {
        Outcome outcome = enroll("--token", "tok-123");

        EnrollmentResponse given = controlPlane.identity();
        assertThat(outcome.code()).isZero();
        assertThat(outcome.out()).contains("enrolled", given.serverId().toString());
        Path file = stateDir().resolve("agent.json");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        AgentIdentity identity = Json.mapper().readValue(file.toFile(), AgentIdentity.class);
        assertThat(identity).isEqualTo(new AgentIdentity(controlPlane.url(), pki.caFingerprint().toString(),
                given.agentId(), given.secret(), given.serverId(), 30, CLOCK.instant()));
        assertThat(controlPlane.enrollments()).singleElement().satisfies(request -> {
            assertThat(request.token()).isEqualTo("tok-123");
            assertThat(request.agentVersion()).isEqualTo(AgentVersion.current());
            assertThat(request.facts()).isEqualTo(Samples.facts());
        });
        try (Stream<Path> files = Files.list(stateDir())) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void aRefusedTokenPrintsTheControlPlanesReasonAndWritesNothing() {
        controlPlane.refuseEnrollment(410, "enrollment token expired");

        Outcome outcome = enroll("--token", "tok-123");

        assertThat(outcome.code()).isEqualTo(1);
        assertThat(outcome.err()).contains("enrollment refused", "enrollment token expired");
        assertThat(stateDir().resolve("agent.json")).doesNotExist();
    }

    @Test
    void anExistingIdentityIsKeptUnlessForced() {
        assertThat(enroll("--token", "first").code()).isZero();

        Outcome again = enroll("--token", "second");
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.err()).contains("already enrolled", "--force");
        assertThat(controlPlane.enrollments()).hasSize(1);

        assertThat(enroll("--token", "second", "--force").code()).isZero();
        assertThat(controlPlane.enrollments()).hasSize(2);
    }

    @Test
    void aServerWithAnotherCertificateIsRefusedBeforeTheTokenIsSent() {
        String otherPin = TestPki.create().caFingerprint().toString();

        Outcome outcome = run("enroll", "--server", controlPlane.url().toString(), "--token", "tok",
                "--fingerprint", otherPin, "--state-dir", stateDir().toString());

        assertThat(outcome.code()).isEqualTo(1);
        assertThat(outcome.err()).contains("does not match the pinned fingerprint", "expected " + otherPin,
                pki.caFingerprint().toString());
        assertThat(controlPlane.enrollments()).isEmpty();
    }

    @Test
    void anUnreachableControlPlaneIsAFailure() {
        controlPlane.stop();

        Outcome outcome = enroll("--token", "tok");

        assertThat(outcome.code()).isEqualTo(1);
        assertThat(outcome.err()).contains("cannot reach", "connection refused");
    }

    @Test
    void neitherTheTokenNorTheSecretIsEverPrintedOrLogged() {
        env.put("VIGIE_AGENT_LOG_LEVEL", "TRACE");

        Outcome outcome = enroll("--token", "tok-never-shown");

        assertThat(outcome.code()).isZero();
        assertThat(outcome.out() + outcome.err()).doesNotContain("tok-never-shown", controlPlane.identity().secret());
    }

    @Test
    void runRefusesToStartBeforeEnrollment() {
        Outcome outcome = run("run", "--state-dir", stateDir().toString());

        assertThat(outcome.code()).isEqualTo(1);
        assertThat(outcome.err()).contains("not enrolled: run vigie-agent enroll");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("usageErrors")
    void usageErrorsExitWithTwoAndSayWhatIsWrong(List<String> args, String message) {
        Outcome outcome = run(args.toArray(String[]::new));

        assertThat(outcome.code()).isEqualTo(2);
        assertThat(outcome.err()).contains(message);
        assertThat(controlPlane.enrollments()).isEmpty();
    }

    static Stream<Arguments> usageErrors() {
        String pin = "SHA256:" + "ab".repeat(32);
        return Stream.of(
                Arguments.of(List.of(), "missing command"),
                Arguments.of(List.of("explode"), "unknown command 'explode'"),
                Arguments.of(List.of("run", "--colour"), "unknown option --colour for run"),
                Arguments.of(List.of("run", "--state-dir"), "option --state-dir needs a value"),
                Arguments.of(List.of("facts", "extra"), "unexpected argument 'extra'"),
                Arguments.of(List.of("enroll", "--token", "t", "--fingerprint", pin), "missing option --server"),
                Arguments.of(List.of("enroll", "--server", "https://cp:8443", "--fingerprint", pin), "missing option --token"),
                Arguments.of(List.of("enroll", "--server", "http://cp:8443", "--token", "t", "--fingerprint", pin),
                        "bad --server URL 'http://cp:8443'"),
                Arguments.of(List.of("enroll", "--server", "https://", "--token", "t", "--fingerprint", pin),
                        "bad --server URL"),
                Arguments.of(List.of("enroll", "--server", "https://cp", "--token", "t", "--fingerprint", "SHA256:abc"),
                        "malformed fingerprint 'SHA256:abc'"),
                Arguments.of(List.of("run", "--config", "/nonexistent/agent.conf"),
                        "configuration file not found: /nonexistent/agent.conf"));
    }

    @Test
    void aMalformedSettingIsAUsageErrorNamingTheKey() throws IOException {
        Path config = Files.writeString(dir.resolve("agent.conf"), "heartbeat.interval=soon\n");

        Outcome outcome = run("run", "--config", config.toString());

        assertThat(outcome.code()).isEqualTo(2);
        assertThat(outcome.err()).contains("invalid setting heartbeat.interval", config.toString(), "'soon'");
    }

    @Test
    void versionHelpAndFactsPrintToStandardOutput() throws IOException {
        assertThat(run("--version")).isEqualTo(new Outcome(0, "vigie-agent " + AgentVersion.current() + "\n", ""));
        assertThat(run("--help").out()).contains("Usage: vigie-agent", "enroll", "run", "facts", "Exit codes");
        assertThat(run("enroll", "--help").code()).isZero();

        Outcome facts = run("facts");
        assertThat(facts.code()).isZero();
        assertThat(Json.mapper().readValue(facts.out(), HostFacts.class)).isEqualTo(Samples.facts());
    }

    private Outcome enroll(String... extra) {
        List<String> args = new ArrayList<>(List.of("enroll", "--server", controlPlane.url().toString(),
                "--fingerprint", pki.caFingerprint().toString(), "--state-dir", stateDir().toString()));
        args.addAll(List.of(extra));
        return run(args.toArray(String[]::new));
    }

    private Outcome run(String... args) {
        env.putIfAbsent("VIGIE_AGENT_CONFIG", dir.resolve("absent.conf").toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Cli(env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Samples::facts, CLOCK).execute(args);
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path stateDir() {
        return dir.resolve("state");
    }
}
