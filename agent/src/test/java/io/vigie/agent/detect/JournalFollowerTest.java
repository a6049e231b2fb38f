package io.vigie.agent.detect;

import static io.vigie.agent.detect.StandInJournalctl.binary;
import static io.vigie.agent.detect.StandInJournalctl.cursor;
import static io.vigie.agent.detect.StandInJournalctl.entry;
import static io.vigie.agent.detect.StandInJournalctl.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigie.agent.testing.LogCapture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal source against a stand-in journalctl that prints entries in the real layout. */
class JournalFollowerTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    private final List<String> received = new CopyOnWriteArrayList<>();

    private void receive(String unit, byte[] line) {
        received.add(unit + " " + new String(line, StandardCharsets.UTF_8));
    }

    private void awaitReceived(JournalFollower follower, int count) {
        await().atMost(WAIT).until(() -> {
            follower.poll(this::receive);
            return received.size() >= count;
        });
    }

    @Test
    void handsOverEntriesAsSyslogLinesSkipsMalformedOnesAndSavesTheCursorOfTheLast() throws IOException {
        StandInJournalctl journalctl = new StandInJournalctl(dir.resolve("bin"));
        String sasl = "warning: unknown[198.51.100.7]: SASL LOGIN authentication failed: UGFzc3dvcmQ6 \u00e9\u0007";
        journalctl.prints(1,
                entry(1, "ssh.service", "sshd", 812, string("Failed password for root from 203.0.113.5 port 52144 ssh2")),
                "this is not JSON",
                entry(2, "postfix@-.service", "postfix/smtpd", 1234, binary(sasl)),
                "{\"MESSAGE\":\"an object without a cursor\"}",
                entry(3, "ssh.service", "sshd", 812, "null"),
                entry(4, "ssh.service", "sshd", 812, string("x".repeat(20_000))));

        try (LogCapture logs = LogCapture.of("io.vigie.agent.detect")) {
            JournalFollower follower = new JournalFollower(journalctl.binary(), dir.resolve("state"));
            follower.follow(List.of("ssh.service", "postfix@-.service", "ssh.service"));
            awaitReceived(follower, 3);
            assertThat(journalctl.arguments(1)).containsExactly("--follow", "--output=json", "--all", "--lines=0",
                    "--unit=postfix@-.service", "--unit=ssh.service");
            assertThat(received.subList(0, 2)).containsExactly(
                    "ssh.service sshd[812]: Failed password for root from 203.0.113.5 port 52144 ssh2",
                    "postfix@-.service postfix/smtpd[1234]: " + sasl);
            assertThat(received.get(2)).hasSize("ssh.service ".length() + FollowedFile.MAX_LINE)
                    .startsWith("ssh.service sshd[812]: xxx");
            assertThat(logs.count("level=WARN logger=detect.JournalFollower event=detect.journal-entry-skipped")).isOne();
            assertThat(logs.count("level=DEBUG logger=detect.JournalFollower event=detect.journal-entry-skipped"))
                    .isOne();

            follower.close();
            assertThat(journalctl.alive(1)).isFalse();
            assertThat(dir.resolve("state/detect/journal.cursor")).hasContent(cursor(4));
            assertThat(logs.count("event=detect.journal-exited")).isZero();
        }
    }

    @Test
    void startsAgainAfterAnExitAfterTheLastEntryAndAfterTheSavedCursorAtTheNextStart() throws IOException {
        StandInJournalctl journalctl = new StandInJournalctl(dir.resolve("bin"));
        journalctl.prints(1, entry(7, "ssh.service", "sshd", 812, string("one")));
        journalctl.exits(1, 1, "Failed to iterate through journal: Bad message");
        journalctl.prints(2, entry(8, "ssh.service", "sshd", 812, string("two")));

        try (LogCapture logs = LogCapture.of("io.vigie.agent.detect")) {
            JournalFollower follower = new JournalFollower(journalctl.binary(), dir.resolve("state"));
            follower.follow(List.of("ssh.service"));
            awaitReceived(follower, 2);
            assertThat(received).containsExactly("ssh.service sshd[812]: one", "ssh.service sshd[812]: two");
            assertThat(journalctl.arguments(2)).containsExactly("--follow", "--output=json", "--all",
                    "--after-cursor=" + cursor(7), "--no-tail", "--unit=ssh.service");
            assertThat(logs.lines()).filteredOn(line -> line.contains("event=detect.journal-exited")).singleElement()
                    .asString().contains("level=WARN", "exit status 1: Failed to iterate through journal: Bad message");
            follower.close();
            assertThat(journalctl.alive(2)).isFalse();
        }

        JournalFollower next = new JournalFollower(journalctl.binary(), dir.resolve("state"));
        next.follow(List.of("ssh.service"));
        await().atMost(WAIT).until(() -> journalctl.started(3));
        next.close();
        assertThat(journalctl.arguments(3)).contains("--after-cursor=" + cursor(8), "--no-tail");
        assertThat(journalctl.alive(3)).isFalse();
    }

    @Test
    void aCursorJournalctlRefusesIsDroppedAndTheJournalReadFromItsEnd() throws IOException {
        StandInJournalctl journalctl = new StandInJournalctl(dir.resolve("bin"));
        Files.createDirectories(dir.resolve("state/detect"));
        Files.writeString(dir.resolve("state/detect/journal.cursor"), "s=gone\n");
        journalctl.exits(1, 1, "Failed to seek to cursor: Invalid argument");

        try (LogCapture logs = LogCapture.of("io.vigie.agent.detect")) {
            JournalFollower follower = new JournalFollower(journalctl.binary(), dir.resolve("state"));
            follower.follow(List.of("ssh.service"));
            await().atMost(WAIT).until(() -> journalctl.started(2));
            follower.close();
            assertThat(journalctl.arguments(1)).contains("--after-cursor=s=gone");
            assertThat(journalctl.arguments(2)).contains("--lines=0").doesNotContain("--after-cursor=s=gone");
            assertThat(logs.count("level=WARN logger=detect.JournalFollower event=detect.journal-cursor-dropped"))
                    .isOne();
        }
    }

    @Test
    void aChangeOfUnitsStartsJournalctlAgainWithThemAndNoUnitStopsIt() throws IOException {
        StandInJournalctl journalctl = new StandInJournalctl(dir.resolve("bin"));
        JournalFollower follower = new JournalFollower(journalctl.binary(), dir.resolve("state"));
        follower.follow(List.of("ssh.service"));
        await().atMost(WAIT).until(() -> journalctl.started(1));

        follower.follow(List.of("ssh.service"));
        follower.follow(List.of("dovecot.service", "ssh.service"));
        assertThat(journalctl.alive(1)).isFalse();
        await().atMost(WAIT).until(() -> journalctl.started(2));
        assertThat(journalctl.arguments(2)).containsExactly("--follow", "--output=json", "--all", "--lines=0",
                "--unit=dovecot.service", "--unit=ssh.service");

        follower.follow(List.of());
        assertThat(journalctl.alive(2)).isFalse();
        follower.close();
        assertThat(journalctl.started(3)).isFalse();
    }

    @Test
    void aMissingJournalctlIsLoggedOnceAtErrorAndTriedAgain() {
        try (LogCapture logs = LogCapture.of("io.vigie.agent.detect")) {
            JournalFollower follower = new JournalFollower(dir.resolve("no-journalctl"), dir.resolve("state"));
            follower.follow(List.of("ssh.service"));
            await().atMost(WAIT).until(() -> logs.count("event=detect.journal-unavailable") >= 2);
            follower.close();
            assertThat(logs.count("level=ERROR logger=detect.JournalFollower event=detect.journal-unavailable")).isOne();
        }
    }
}
