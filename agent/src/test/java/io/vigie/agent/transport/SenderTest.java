package io.vigie.agent.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigie.agent.testing.FakeControlPlane;
import io.vigie.agent.testing.LogCapture;
import io.vigie.agent.testing.Samples;
import io.vigie.agent.testing.TestPki;
import io.vigie.protocol.EnrollmentResponse;
import io.vigie.protocol.Envelope;
import io.vigie.protocol.MessageType;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SenderTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final TestPki pki = TestPki.create();
    private final FakeControlPlane controlPlane = new FakeControlPlane(pki).start();
    private final LogCapture log = LogCapture.of(Sender.class.getName());
    private Spool spool;
    private Sender sender;

    @BeforeEach
    void startSender() throws IOException {
        spool = Spool.open(dir, Spool.DEFAULT_MAX_BYTES, Clock.systemUTC());
        EnrollmentResponse identity = controlPlane.identity();
        sender = new Sender(spool, new AgentClient(PinnedTls.httpClient(pki.caFingerprint(), controlPlane.url())),
                new AgentCredentials(identity.agentId(), identity.secret()),
                new Backoff(Duration.ofMillis(50), Duration.ofMillis(400), new SplittableRandom(1)));
        sender.start();
    }

    @AfterEach
    void stopAll() throws IOException {
        sender.close();
        spool.close();
        controlPlane.close();
        log.close();
    }

    @Test
    void deliversAppendedMessagesPromptlyAndEmptiesTheSpool() throws IOException {
        append(3);

        // The sender's idle check is a minute away: only the append's wake-up can beat this.
        await().atMost(Duration.ofSeconds(20)).until(() -> controlPlane.accepted().size() == 3);
        await().atMost(PATIENCE).until(() -> spool.pendingCount() == 0);
        assertThat(sequences(controlPlane.accepted())).containsExactly(1L, 2L, 3L);
    }

    @Test
    void keepsTheSpoolWhileTheControlPlaneIsDownAndReplaysItInOrderOnceItIsBack() throws IOException {
        append(5);
        // Idle (receipt read) before the outage, so that no batch is cut in the middle.
        await().atMost(PATIENCE).until(() -> controlPlane.accepted().size() == 5 && spool.pendingCount() == 0);

        controlPlane.stop();
        append(20);
        await().atMost(PATIENCE).until(() -> log.count("event=transport.send-failed") >= 3);
        assertThat(spool.pendingCount()).isEqualTo(20);

        controlPlane.start();

        await().atMost(PATIENCE).until(() -> controlPlane.accepted().size() == 25 && spool.pendingCount() == 0);
        assertThat(controlPlane.duplicates()).isZero();
        assertThat(sequences(controlPlane.accepted())).containsExactlyElementsOf(LongStream.rangeClosed(1, 25).boxed().toList());
        assertThat(log.lines()).anySatisfy(line -> assertThat(line).contains("event=transport.delivered", "after-failures="));
    }

    @Test
    void aLostReceiptMakesTheBatchComeBackAsDuplicatesThatAreNotCountedTwice() throws IOException {
        controlPlane.loseNextReceipt();

        append(10);

        await().atMost(PATIENCE).until(() -> spool.pendingCount() == 0);
        assertThat(controlPlane.duplicates()).isPositive();
        List<Envelope> accepted = controlPlane.accepted();
        assertThat(accepted).extracting(Envelope::id).doesNotHaveDuplicates().hasSize(10);
        assertThat(sequences(accepted)).containsExactlyElementsOf(LongStream.rangeClosed(1, 10).boxed().toList());
        assertThat(controlPlane.batches().size()).isGreaterThan(1);
    }

    @Test
    void refusalsFromTheControlPlaneAreRetriedWithBackoff() throws IOException {
        controlPlane.failNextBatch(503, "control plane is starting");

        append(2);

        await().atMost(PATIENCE).until(() -> controlPlane.accepted().size() == 2);
        assertThat(log.lines()).anySatisfy(line -> assertThat(line)
                .contains("level=WARN", "event=transport.send-failed", "503", "control plane is starting"));
    }

    @Test
    void rejectedMessagesAreLoggedOneByOneAndDropped() throws IOException {
        controlPlane.rejectNextBatch();

        List<Envelope> appended = List.of(spool.append(MessageType.HEARTBEAT, Samples.heartbeat(1)));

        await().atMost(PATIENCE).until(() -> spool.pendingCount() == 0);
        UUID id = appended.getFirst().id();
        assertThat(log.lines()).anySatisfy(line -> assertThat(line)
                .contains("level=WARN", "event=transport.rejected", "id=" + id, "sequence=1", "type=heartbeat",
                        "reason=\"test rejects this message\""));
        assertThat(controlPlane.accepted()).isEmpty();
    }

    private void append(int count) throws IOException {
        for (int i = 0; i < count; i++) {
            spool.append(MessageType.HEARTBEAT, Samples.heartbeat(i));
        }
    }

    private static List<Long> sequences(List<Envelope> envelopes) {
        return envelopes.stream().map(Envelope::sequence).toList();
    }
}
