package io.vigie.agent.detect;

import static io.vigie.agent.detect.StandInJournalctl.binary;
import static io.vigie.agent.detect.StandInJournalctl.entry;
import static io.vigie.agent.detect.StandInJournalctl.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.vigie.agent.testing.LogCapture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine as the agent runs it: real files, a real rule directory changed while it runs, a
 * stand-in journalctl.
 */
class DetectServiceTest {

    @TempDir
    Path dir;

    private String rule(String name, String word, Path file) {
        return """
                name: %s
                sources: {files: ['%s']}
                patterns: ['%s from (?<ip>[0-9.]+)']
                prefilter: '%s'
                scenario: {capacity: 1, leak: 1/1h}
                ban: {duration: 1h}
                """.formatted(name, file, word, word);
    }

    private static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void detectsInAppendedLinesAndAppliesAValidRuleChangeButNotAnInvalidOne() throws IOException {
        Path rules = Files.createDirectory(dir.resolve("detect.d"));
        Path log = dir.resolve("app.log");
        append(log, "denied from 203.0.113.1\ndenied from 203.0.113.1\n");
        Files.writeString(rules.resolve("app.yaml"), rule("app-denied", "denied", log));
        List<Detection> detections = new CopyOnWriteArrayList<>();

        try (LogCapture logs = LogCapture.of("io.vigie.agent.detect");
             DetectService service = DetectService.start(dir.resolve("state"), rules, dir.resolve("no-journalctl"),
                     Clock.systemUTC(), detections::add)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> logs.count("event=detect.started") == 1);
            append(log, "denied from 203.0.113.5\ndenied from 203.0.113.5\n");
            await().atMost(Duration.ofSeconds(10)).until(() -> detections.size() == 1);
            assertThat(detections.getFirst().rule()).isEqualTo("app-denied");
            assertThat(detections.getFirst().address()).isEqualTo("203.0.113.5");
            assertThat(logs.count("event=detect.triggered rule=app-denied ip=203.0.113.5 events=2 ban=PT1H network=false"))
                    .isOne();

            Files.writeString(rules.resolve("more.yaml"), rule("app-refused", "refused", log));
            await().atMost(Duration.ofSeconds(10)).until(() -> logs.count("event=detect.rules-loaded") == 2);
            append(log, "refused from 203.0.113.6\nrefused from 203.0.113.6\n");
            await().atMost(Duration.ofSeconds(10)).until(() -> detections.size() == 2);
            assertThat(detections.get(1).rule()).isEqualTo("app-refused");

            Files.writeString(rules.resolve("broken.yaml"), "name: broken\npatterns: ['(']\n");
            await().atMost(Duration.ofSeconds(10)).until(() -> logs.count("event=detect.rules-refused") >= 1);
            append(log, "refused from 203.0.113.7\nrefused from 203.0.113.7\n");
            await().atMost(Duration.ofSeconds(10)).until(() -> detections.size() == 3);
            assertThat(logs.lines()).anyMatch(line -> line.contains("event=detect.rules-refused")
                    && line.contains("broken.yaml: rule 'broken'"));
        }
        assertThat(dir.resolve("state/detect/positions.json")).exists();
    }

    @Test
    void detectsInTheJournalOfTheUnitsTheRulesNameOnlyAndFollowsNewUnitsAfterARuleChange() throws IOException {
        Path rules = Files.createDirectory(dir.resolve("detect.d"));
        StandInJournalctl journalctl = new StandInJournalctl(dir.resolve("bin"));
        List<String> first = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            first.add(entry(i, "cron.service", "sshd", 90, string("Failed password for root from 203.0.113.9 port 4"
                    + i + " ssh2")));
        }
        for (int i = 1; i <= 6; i++) {
            first.add(entry(10 + i, "ssh.service", "sshd", 812, string("Failed password for invalid user admin from "
                    + "203.0.113.5 port 5214" + i + " ssh2")));
            first.add(entry(20 + i, "postfix@-.service", "postfix/smtpd", 1234, binary("warning: unknown[198.51.100.7]: "
                    + "SASL LOGIN authentication failed: UGFzc3dvcmQ6")));
        }
        journalctl.prints(1, first.toArray(String[]::new));
        journalctl.prints(2, entry(31, "app.service", "app", 7, string("denied from 203.0.113.6")),
                entry(32, "app.service", "app", 7, string("denied from 203.0.113.6")));
        List<Detection> detections = new CopyOnWriteArrayList<>();

        try (DetectService service = DetectService.start(dir.resolve("state"), rules, journalctl.binary(),
                Clock.systemUTC(), detections::add)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> detections.size() >= 2);
            assertThat(detections).extracting(Detection::rule, Detection::address).containsExactlyInAnyOrder(
                    tuple("sshd-failed-password", "203.0.113.5"), tuple("postfix-sasl-failure", "198.51.100.7"));
            assertThat(journalctl.arguments(1)).contains("--unit=ssh.service", "--unit=postfix@-.service")
                    .doesNotContain("--unit=app.service", "--unit=cron.service");

            Files.writeString(rules.resolve("app.yaml"), """
                    name: app-denied
                    sources: {journal: [app.service]}
                    patterns: ['app\\[\\d+\\]: denied from (?<ip>[0-9.]+)']
                    scenario: {capacity: 1, leak: 1/1h}
                    ban: {duration: 1h}
                    """);
            await().atMost(Duration.ofSeconds(10)).until(() -> detections.size() >= 3);
            assertThat(detections.get(2).rule()).isEqualTo("app-denied");
            assertThat(detections.get(2).address()).isEqualTo("203.0.113.6");
            assertThat(journalctl.arguments(2)).contains("--unit=app.service", "--unit=ssh.service",
                    "--after-cursor=" + StandInJournalctl.cursor(26));
            assertThat(journalctl.alive(1)).isFalse();
        }
        assertThat(journalctl.alive(2)).isFalse();
        assertThat(dir.resolve("state/detect/journal.cursor")).hasContent(StandInJournalctl.cursor(32));
    }
}
