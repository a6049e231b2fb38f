package io.vigie.agent.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigie.agent.testing.LogCapture;
import io.vigie.agent.testing.Samples;
import io.vigie.protocol.Envelope;
import io.vigie.protocol.Heartbeat;
import io.vigie.protocol.MessageType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T10:15:30Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void peeksInAppendOrderAndForgetsWhatIsAcknowledged() throws IOException {
        try (Spool spool = Spool.open(dir, Spool.DEFAULT_MAX_BYTES, CLOCK)) {
            List<Envelope> appended = appendHeartbeats(spool, 5);

            assertThat(appended).extracting(Envelope::sequence).containsExactly(1L, 2L, 3L, 4L, 5L);
            assertThat(appended).extracting(Envelope::type).containsOnly("heartbeat");
            assertThat(appended).extracting(Envelope::createdAt).containsOnly(CLOCK.instant());
            assertThat(spool.peek(10, Long.MAX_VALUE)).extracting(Envelope::id).containsExactlyElementsOf(ids(appended));
            assertThat(spool.peek(2, Long.MAX_VALUE)).extracting(Envelope::sequence).containsExactly(1L, 2L);

            spool.acknowledge(3);

            assertThat(spool.peek(10, Long.MAX_VALUE)).extracting(Envelope::sequence).containsExactly(4L, 5L);
            assertThat(spool.pendingCount()).isEqualTo(2);
        }
    }

    @Test
    void payloadReadBackSerializesToTheSameJson() throws IOException {
        try (Spool spool = Spool.open(dir, Spool.DEFAULT_MAX_BYTES, CLOCK)) {
            Heartbeat heartbeat = Samples.heartbeat(7);
            spool.append(MessageType.HEARTBEAT, heartbeat);

            Object payload = spool.peek(1, Long.MAX_VALUE).getFirst().payload();

            assertThat(payload).isInstanceOf(Map.class);
            assertThat(Json.mapper().convertValue(payload, Heartbeat.class)).isEqualTo(heartbeat);
        }
    }

    @Test
    void aReopenedSpoolReplaysUnacknowledgedMessagesWithTheirIdsAndContinuesNumbering() throws IOException {
        List<Envelope> appended;
        try (Spool spool = Spool.open(dir, Spool.DEFAULT_MAX_BYTES, CLOCK)) {
            appended = appendHeartbeats(spool, 5);
            spool.acknowledge(2);
        }

        try (Spool reopened = Spool.open(dir, Spool.DEFAULT_MAX_BYTES, CLOCK)) {
            assertThat(reopened.peek(10, Long.MAX_VALUE)).extracting(Envelope::id)
                    .containsExactlyElementsOf(ids(appended.subList(2, 5)));
            assertThat(reopened.pendingCount()).isEqualTo(3);
            assertThat(reopened.append(MessageType.HEARTBEAT, Samples.heartbeat(9)).sequence()).isEqualTo(6);
        }
    }

    @Test
    void numberingContinuesAfterEverySegmentWasDeleted() throws IOException {
        try (Spool spool = Spool.open(dir, Spool.DEFAULT_MAX_BYTES, CLOCK)) {
            appendHeartbeats(spool, 3);
            spool.acknowledge(3);
            assertThat(segmentFiles()).isEmpty();
        }

        try (Spool reopened = Spool.open(dir, Spool.DEFAULT_MAX_BYTES, CLOCK)) {
            assertThat(reopened.pendingCount()).isZero();
            assertThat(reopened.append(MessageType.HEARTBEAT, Samples.heartbeat(4)).sequence()).isEqualTo(4);
        }
    }

    @Test
    void aTornLastLineIsTruncatedAndLogged() throws IOException {
        List<Envelope> appended;
        try (Spool spool = Spool.open(dir, Spool.DEFAULT_MAX_BYTES, CLOCK)) {
            appended = appendHeartbeats(spool, 3);
        }
        Path segment = segmentFiles().getLast();
        long intact = Files.size(segment);
        Files.writeString(segment, "{\"id\":\"0b8c", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        try (LogCapture log = LogCapture.of(Spool.class.getName());
             Spool reopened = Spool.open(dir, Spool.DEFAULT_MAX_BYTES, CLOCK)) {
            assertThat(log.lines()).anySatisfy(line -> assertThat(line)
                    .contains("level=WARN", "event=spool.truncated", "bytes-dropped=11"));
            assertThat(Files.size(segment)).isEqualTo(intact);
            assertThat(reopened.peek(10, Long.MAX_VALUE)).extracting(Envelope::id).containsExactlyElementsOf(ids(appended));
            assertThat(reopened.append(MessageType.HEARTBEAT, Samples.heartbeat(4)).sequence()).isEqualTo(4);
        }
    }

    @Test
    void fullyAcknowledgedSegmentsAreDeleted() throws IOException {
        try (Spool spool = Spool.open(dir, Spool.DEFAULT_MAX_BYTES, 1024, CLOCK)) {
            appendHeartbeats(spool, 12);
            List<Path> before = segmentFiles();
            assertThat(before).hasSizeGreaterThan(3);

            spool.acknowledge(6);

            assertThat(segmentFiles()).hasSizeLessThan(before.size())
                    .allSatisfy(segment -> assertThat(lastSequenceIn(segment)).isGreaterThan(6));
            assertThat(spool.peek(100, Long.MAX_VALUE)).extracting(Envelope::sequence)
                    .containsExactlyElementsOf(LongStream.rangeClosed(7, 12).boxed().toList());

            spool.acknowledge(12);

            assertThat(segmentFiles()).isEmpty();
            assertThat(Files.readString(dir.resolve("committed")).strip()).isEqualTo("12");
        }
    }

    @Test
    void overTheCapTheOldestSegmentIsDroppedAndTheLossIsCounted() throws IOException {
        try (LogCapture log = LogCapture.of(Spool.class.getName());
             Spool spool = Spool.open(dir, 4096, 1024, CLOCK)) {
            appendHeartbeats(spool, 40);

            assertThat(spool.droppedMessages()).isPositive();
            assertThat(spool.pendingCount() + spool.droppedMessages()).isEqualTo(40);
            assertThat(spool.peek(100, Long.MAX_VALUE).getFirst().sequence()).isEqualTo(spool.droppedMessages() + 1);
            assertThat(log.lines()).filteredOn(line -> line.contains("event=spool.overflow"))
                    .isNotEmpty()
                    .allSatisfy(line -> assertThat(line).contains("level=WARN", "lost-messages=", "max-bytes=4096"));
            long spoolBytes = 0;
            for (Path segment : segmentFiles()) {
                spoolBytes += Files.size(segment);
            }
            assertThat(spoolBytes).isLessThanOrEqualTo(4096 + 1024);
        }
    }

    @Test
    void peekHonoursItsByteBudgetButAlwaysReturnsOneMessage() throws IOException {
        try (Spool spool = Spool.open(dir, Spool.DEFAULT_MAX_BYTES, CLOCK)) {
            appendHeartbeats(spool, 3);
            long lineBytes = Json.mapper().writeValueAsBytes(spool.peek(1, 1).getFirst()).length + 1;

            assertThat(spool.peek(10, 1)).hasSize(1);
            assertThat(spool.peek(10, 2 * lineBytes)).hasSize(2);
        }
    }

    @Test
    void refusesAMessageThatCouldNeverBeSentAndStaysUnchanged() throws IOException {
        try (Spool spool = Spool.open(dir, Spool.DEFAULT_MAX_BYTES, CLOCK)) {
            Heartbeat huge = new Heartbeat(CLOCK.instant(), Samples.facts("x".repeat(Spool.MAX_MESSAGE_BYTES)));

            assertThatThrownBy(() -> spool.append(MessageType.HEARTBEAT, huge))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("larger than");
            assertThatThrownBy(() -> spool.append(MessageType.HEARTBEAT, "not a heartbeat"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Heartbeat");
            assertThat(spool.append(MessageType.HEARTBEAT, Samples.heartbeat(1)).sequence()).isEqualTo(1);
        }
    }

    @Test
    void refusesToAcknowledgeWhatWasNeverAppended() throws IOException {
        try (Spool spool = Spool.open(dir, Spool.DEFAULT_MAX_BYTES, CLOCK)) {
            appendHeartbeats(spool, 2);

            assertThatThrownBy(() -> spool.acknowledge(3)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void anUnreadableCommittedPositionMeansEverythingIsSentAgain() throws IOException {
        try (Spool spool = Spool.open(dir, Spool.DEFAULT_MAX_BYTES, CLOCK)) {
            appendHeartbeats(spool, 4);
            spool.acknowledge(2);
        }
        Files.writeString(dir.resolve("committed"), "garbage");

        try (LogCapture log = LogCapture.of(Spool.class.getName());
             Spool reopened = Spool.open(dir, Spool.DEFAULT_MAX_BYTES, CLOCK)) {
            assertThat(reopened.peek(10, Long.MAX_VALUE)).extracting(Envelope::sequence).containsExactly(1L, 2L, 3L, 4L);
            assertThat(log.count("event=spool.committed-unreadable")).isEqualTo(1);
        }
    }

    @Test
    void concurrentAppendsGetDistinctContiguousSequences() throws Exception {
        try (Spool spool = Spool.open(dir, Spool.DEFAULT_MAX_BYTES, CLOCK);
             ExecutorService threads = Executors.newFixedThreadPool(4)) {
            List<Future<List<Envelope>>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(threads.submit(() -> appendHeartbeats(spool, 50)));
            }
            List<Long> sequences = new ArrayList<>();
            for (Future<List<Envelope>> result : results) {
                result.get().forEach(e -> sequences.add(e.sequence()));
            }

            assertThat(sequences).containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, 200).boxed().toList());
            assertThat(spool.peek(500, Long.MAX_VALUE)).extracting(Envelope::sequence).isSorted().hasSize(200);
        }
    }

    @Test
    void theSpoolDirectoryIsPrivate() throws IOException {
        Path spoolDir = dir.resolve("spool");
        try (Spool spool = Spool.open(spoolDir, Spool.DEFAULT_MAX_BYTES, CLOCK)) {
            spool.append(MessageType.HEARTBEAT, Samples.heartbeat(1));
        }

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(spoolDir))).isEqualTo("rwx------");
    }

    private static List<Envelope> appendHeartbeats(Spool spool, int count) throws IOException {
        List<Envelope> appended = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            appended.add(spool.append(MessageType.HEARTBEAT, Samples.heartbeat(i)));
        }
        return appended;
    }

    private static List<UUID> ids(List<Envelope> envelopes) {
        return envelopes.stream().map(Envelope::id).toList();
    }

    private static long lastSequenceIn(Path segment) throws IOException {
        List<String> lines = Files.readAllLines(segment);
        return Json.mapper().readValue(lines.getLast(), Envelope.class).sequence();
    }

    private List<Path> segmentFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith("segment-")).sorted().toList();
        }
    }
}
