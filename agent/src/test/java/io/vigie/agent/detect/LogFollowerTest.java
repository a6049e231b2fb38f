package io.vigie.agent.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real files in a temporary directory, rotated, truncated and deleted as logrotate and daemons do. */
class LogFollowerTest {

    @TempDir
    Path dir;

    private Path state;
    private Path log;
    private final List<String> lines = new ArrayList<>();
    private LogFollower follower;

    @BeforeEach
    void start() throws IOException {
        state = Files.createDirectory(dir.resolve("state"));
        log = dir.resolve("auth.log");
        follower = follower();
    }

    @AfterEach
    void stop() {
        follower.close();
    }

    private LogFollower follower() {
        LogFollower f = new LogFollower(state, (file, bytes, from, length) ->
                lines.add(file.getFileName() + ": " + new String(bytes, from, length, StandardCharsets.UTF_8)));
        f.follow(List.of(log.toString()));
        return f;
    }

    private void append(Path file, String text) throws IOException {
        append(file, text.getBytes(StandardCharsets.UTF_8));
    }

    private static void append(Path file, byte[] bytes) throws IOException {
        Files.write(file, bytes, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void aFileSeenAtTheFirstPollIsReadFromItsEndAndThenFollowed() throws IOException {
        append(log, "old 1\nold 2\n");
        follower.poll();
        assertThat(lines).isEmpty();

        append(log, "new 1\nnew 2\n");
        follower.poll();

        assertThat(lines).containsExactly("auth.log: new 1", "auth.log: new 2");
    }

    @Test
    void aFileThatAppearsLaterIsReadFromItsStart() throws IOException {
        follower.poll();
        append(log, "first\n");
        follower.poll();

        assertThat(lines).containsExactly("auth.log: first");
    }

    @Test
    void aPartialLineIsHeldUntilItsLineBreak() throws IOException {
        follower.poll();
        append(log, "Failed password for ro");
        follower.poll();
        assertThat(lines).isEmpty();

        append(log, "ot from 203.0.113.5\r\n");
        follower.poll();

        assertThat(lines).containsExactly("auth.log: Failed password for root from 203.0.113.5");
    }

    @Test
    void rotationByRenameAndCreateReadsTheOldFileToItsEndThenTheNewOneFromItsStart() throws IOException {
        follower.poll();
        append(log, "a\n");
        follower.poll();
        Files.move(log, dir.resolve("auth.log.1"));
        append(dir.resolve("auth.log.1"), "b, written by the daemon before it reopened\npartial");
        append(log, "c\n");
        follower.poll();
        append(log, "d\n");
        follower.poll();

        assertThat(lines).containsExactly("auth.log: a", "auth.log: b, written by the daemon before it reopened",
                "auth.log: partial", "auth.log: c", "auth.log: d");
    }

    @Test
    void copytruncateIsReadAgainFromTheStart() throws IOException {
        follower.poll();
        append(log, "a long line before the copy\n");
        follower.poll();
        try (FileChannel channel = FileChannel.open(log, StandardOpenOption.WRITE)) {
            channel.truncate(0);
        }
        append(log, "b\n");
        follower.poll();

        assertThat(lines).containsExactly("auth.log: a long line before the copy", "auth.log: b");
    }

    @Test
    void aDeletedFileIsReadToItsEndAndForgottenAndARecreatedOneReadFromItsStart() throws IOException {
        follower.poll();
        append(log, "a\n");
        follower.poll();
        append(log, "b\n");
        Files.delete(log);
        follower.poll();
        follower.poll();
        append(log, "c\n");
        follower.poll();

        assertThat(lines).containsExactly("auth.log: a", "auth.log: b", "auth.log: c");
    }

    @Test
    void aRestartResumesWhereReadingStoppedWithNoLineTwiceOrLost() throws IOException {
        follower.poll();
        append(log, "1\n2\n3 partial");
        follower.poll();
        follower.close();
        assertThat(Files.getPosixFilePermissions(state.resolve("detect/positions.json")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        append(log, " end\n4\n");

        follower = follower();
        follower.poll();

        assertThat(lines).containsExactly("auth.log: 1", "auth.log: 2", "auth.log: 3 partial end", "auth.log: 4");
    }

    @Test
    void aFileReplacedWhileTheAgentWasStoppedIsReadFromItsStart() throws IOException {
        follower.poll();
        append(log, "1\n");
        follower.poll();
        follower.close();
        Files.move(log, dir.resolve("auth.log.1"));
        append(log, "2\n");

        follower = follower();
        follower.poll();

        assertThat(lines).containsExactly("auth.log: 1", "auth.log: 2");
    }

    @Test
    void aFileWhoseFirstBytesChangedIsANewFileEvenOnTheSameInode() throws IOException {
        append(log, "x".repeat(300) + "\n");
        follower.poll();
        follower.close();
        try (FileChannel channel = FileChannel.open(log, StandardOpenOption.WRITE)) {
            channel.truncate(0);
        }
        append(log, "y".repeat(400) + "\nnew\n");

        follower = follower();
        follower.poll();

        assertThat(lines).containsExactly("auth.log: " + "y".repeat(400), "auth.log: new");
    }

    @Test
    void aHugeLineIsCutAt16KibAndTheNextLineIsIntact() throws IOException {
        follower.poll();
        append(log, "A".repeat(100_000) + "\nnext\n");
        follower.poll();

        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).isEqualTo("auth.log: " + "A".repeat(FollowedFile.MAX_LINE));
        assertThat(lines.get(1)).isEqualTo("auth.log: next");
        assertThat(follower.cutLines()).isEqualTo(1);
    }

    @Test
    void aRestartInsideACutLineSkipsItsRest() throws IOException {
        follower.poll();
        append(log, "B".repeat(20_000));
        follower.poll();
        follower.close();
        append(log, "B".repeat(5_000) + "\nafter\n");

        follower = follower();
        follower.poll();

        assertThat(lines).containsExactly("auth.log: " + "B".repeat(FollowedFile.MAX_LINE), "auth.log: after");
    }

    @Test
    void binaryBytesAndInvalidUtf8AreReplacedAndNulIsKept() throws IOException {
        follower.poll();
        append(log, new byte[] {'a', (byte) 0xff, 'b', 0, 'c', (byte) 0xc3, '\n', (byte) 0xc3, (byte) 0xa9, '\n'});
        follower.poll();

        assertThat(lines).containsExactly("auth.log: a\uFFFDb\0c\uFFFD", "auth.log: é");
    }

    @Test
    void globsInTheFileNameFollowEveryMatchingFile() throws IOException {
        append(dir.resolve("a-access.log"), "old\n");
        follower.follow(List.of(dir.resolve("*access.log").toString()));
        follower.poll();
        append(dir.resolve("a-access.log"), "one\n");
        append(dir.resolve("b-access.log"), "two\n");
        append(dir.resolve("b-access.log.1"), "rotated, not followed\n");
        follower.poll();

        assertThat(lines).containsExactlyInAnyOrder("a-access.log: one", "b-access.log: two");
    }

    @Test
    void anUnreadablePositionsFileMeansStartingAfresh() throws IOException {
        follower.close();
        Files.createDirectories(state.resolve("detect"));
        Files.writeString(state.resolve("detect/positions.json"), "{not json");
        append(log, "old\n");

        follower = follower();
        follower.poll();
        append(log, "new\n");
        follower.poll();

        assertThat(lines).containsExactly("auth.log: new");
    }
}
