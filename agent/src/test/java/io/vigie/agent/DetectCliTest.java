package io.vigie.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigie-agent detect}: the rules over whole files, for operators and benchmarks. */
class DetectCliTest {

    @TempDir
    Path dir;

    /** What one command printed and returned. */
    record Outcome(int code, String out, String err) {
    }

    private Outcome detect(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] command = new String[args.length + 1];
        command[0] = "detect";
        System.arraycopy(args, 0, command, 1, args.length);
        int code = new Cli(Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), () -> null, Clock.systemUTC()).execute(command);
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void printsPerRuleEventsAddressesAndTriggersThenTheThroughput() throws IOException {
        StringBuilder log = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            log.append("Nov 26 08:14:0").append(i).append(" web1 sshd[48211]: Failed password for root from 203.0.113.45 port 5102")
                    .append(i).append(" ssh2\n");
        }
        log.append("Nov 26 08:15:00 web1 sshd[48212]: Failed password for root from 203.0.113.46 port 5200 ssh2\n");
        log.append("Nov 26 08:15:01 web1 sshd[48213]: Accepted publickey for deploy from 198.51.100.7 port 50022 ssh2");
        Path file = Files.writeString(dir.resolve("auth.log"), log);

        Outcome outcome = detect(file.toString());

        assertThat(outcome.code()).as(outcome.err()).isZero();
        assertThat(outcome.out()).containsPattern("sshd-failed-password +7 +2 +1 +1\n")
                .containsPattern("sshd-invalid-user +0 +0 +0 +0\n")
                .containsPattern("all rules +2 +1\n")
                .containsPattern("8 lines in [0-9.]+ s: [0-9]+ lines/s\n");
    }

    @Test
    void operatorRulesAreAppliedAndRefusedOnesNamed() throws IOException {
        Path rules = Files.createDirectory(dir.resolve("rules"));
        Files.writeString(rules.resolve("off.yaml"), "name: sshd-failed-password\nenabled: false\n");
        Path file = Files.writeString(dir.resolve("auth.log"),
                "Nov 26 08:14:00 web1 sshd[1]: Failed password for root from 203.0.113.45 port 51022 ssh2\n");

        assertThat(detect("--rules", rules.toString(), file.toString()).out()).doesNotContain("sshd-failed-password");

        Files.writeString(rules.resolve("bad.yaml"), "name: bad\n");
        Outcome refused = detect("--rules=" + rules, file.toString());
        assertThat(refused.code()).isEqualTo(CliException.USAGE);
        assertThat(refused.err()).contains("rules refused: " + rules.resolve("bad.yaml") + ": rule 'bad': missing 'sources'");
    }

    @Test
    void onlyTheNamedRulesRunWhenAsked() throws IOException {
        Path file = Files.writeString(dir.resolve("auth.log"),
                "Nov 26 08:14:00 web1 sshd[1]: Failed password for root from 203.0.113.45 port 51022 ssh2\n");

        Outcome outcome = detect("--only=sshd-invalid-user,sshd-preauth", file.toString());

        assertThat(outcome.out()).contains("sshd-invalid-user", "sshd-preauth", "repeat-offender")
                .doesNotContain("sshd-failed-password", "http-");
        assertThat(detect("--only", "sshd-nothing", file.toString()).err())
                .contains("rules refused: no rule named sshd-nothing");
    }

    @Test
    void badArgumentsAreUsageErrorsAndAMissingFileAFailure() {
        assertThat(detect().err()).contains("detect needs at least one log file");
        assertThat(detect("--rules").err()).contains("option --rules needs a value");
        assertThat(detect("--fast", "x").err()).contains("unknown option --fast for detect");
        assertThat(detect("--rules", dir.resolve("none").toString(), "x").err()).contains("rules directory not found");
        Outcome missing = detect(dir.resolve("absent.log").toString());
        assertThat(missing.code()).isEqualTo(CliException.FAILURE);
        assertThat(missing.err()).contains("cannot read").contains("absent.log");
    }
}
