package io.vigie.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import io.vigie.systemtests.VigieApi.Heartbeat;

/**
 * "Nothing lost, nothing counted twice" across control-plane outages, with the real programs: an
 * enrolled agent keeps observing heartbeats while the control plane is down, spools them, and
 * replays them by itself once it is back; the control plane records each exactly once.
 *
 * <p>The outages are a crash (SIGKILL of the JVM and of its embedded PostgreSQL, which must
 * recover) and a graceful stop (SIGTERM). The same control plane and agent live through all the
 * tests, in order, so each test also proves the history written before it survived.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class ControlPlaneRestartTest {

    private static final Duration HEARTBEAT = Duration.ofSeconds(1);
    /** About four heartbeat intervals: the agent spools several heartbeats while nobody answers. */
    private static final Duration OUTAGE = HEARTBEAT.multipliedBy(4);
    /** The agent retries with back-off up to 60 s, so it may take that long to come back. */
    private static final Duration RECONNECT_BOUND = Duration.ofSeconds(150);

    private static EnrolledServer deployment;
    private static ControlPlaneProcess controlPlane;
    private static VigieApi api;
    private static UUID serverId;
    private static Instant testStart;

    @BeforeAll
    static void startControlPlaneAndEnrolledAgent() {
        testStart = Instant.now();
        deployment = EnrolledServer.start("restart", "Garage Dupont", "web-1.garage-dupont.test", HEARTBEAT,
                Duration.ofSeconds(30));
        controlPlane = deployment.controlPlane();
        api = deployment.api();
        serverId = deployment.serverId();
        await("agent online with a few heartbeats").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> api.agentState(serverId).equals("ONLINE") && heartbeats().size() >= 3);
    }

    @AfterAll
    static void stopEverything() {
        if (deployment != null) {
            deployment.close();
        }
    }

    @Test
    @Order(1)
    void heartbeatsSpooledWhileTheControlPlaneHadCrashedArriveOnceAndInOrder() {
        Outage outage = outage(controlPlane::kill);

        assertHeartbeatsOfTheOutageArrivedAfterTheRestart(outage);
        assertEveryHeartbeatRecordedOnceWithContiguousSequences();
    }

    @Test
    @Order(2)
    void heartbeatsSpooledWhileTheControlPlaneWasStoppedArriveOnceAndInOrder() {
        Outage outage = outage(controlPlane::stop);

        assertHeartbeatsOfTheOutageArrivedAfterTheRestart(outage);
        assertEveryHeartbeatRecordedOnceWithContiguousSequences();
    }

    /**
     * Started by hand (no service manager), a control plane whose JVM is killed leaves its embedded
     * PostgreSQL running, which would refuse the next start ("lock file postmaster.pid already
     * exists"). The next control plane holds the data directory's lock, so it knows that PostgreSQL
     * is an orphan of its own cluster, stops it and starts its own.
     */
    @Test
    @Order(3)
    void theControlPlaneRestartsAfterOnlyItsJvmWasKilled() {
        Outage outage = outage(controlPlane::killJvmOnly);

        assertHeartbeatsOfTheOutageArrivedAfterTheRestart(outage);
        assertEveryHeartbeatRecordedOnceWithContiguousSequences();
    }

    /**
     * Takes the control plane down, keeps it down for {@link #OUTAGE}, starts it again on the same
     * data directory and ports, and waits until the agent has reconnected by itself: the server is
     * online and a heartbeat observed after the restart was received.
     */
    private static Outage outage(Runnable takeDown) {
        takeDown.run();
        Instant down = Instant.now();
        assertThat(controlPlane.isRunning()).isFalse();
        ControlPlaneProcess.sleep(OUTAGE);

        Instant restart = Instant.now();
        controlPlane.restart();
        Instant up = Instant.now();
        await("agent reconnected by itself").atMost(RECONNECT_BOUND).pollInterval(Duration.ofSeconds(1))
                .until(() -> api.agentState(serverId).equals("ONLINE")
                        && heartbeats().stream().anyMatch(h -> h.observedAt().isAfter(up)));
        return new Outage(down, restart);
    }

    private static void assertHeartbeatsOfTheOutageArrivedAfterTheRestart(Outage outage) {
        List<Heartbeat> duringOutage = heartbeats().stream()
                .filter(h -> !h.observedAt().isBefore(outage.down()) && h.observedAt().isBefore(outage.restart()))
                .toList();
        assertThat(duringOutage)
                .as("heartbeats observed while the control plane was down (%s .. %s)", outage.down(), outage.restart())
                .hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(h -> assertThat(h.receivedAt()).as("receivedAt of %s", h).isAfterOrEqualTo(outage.restart()));
        assertThat(api.agentState(serverId)).isEqualTo("ONLINE");
    }

    private static void assertEveryHeartbeatRecordedOnceWithContiguousSequences() {
        List<Heartbeat> answered = heartbeats();
        assertThat(answered).as("heartbeats, newest first").isSortedAccordingTo(
                Comparator.comparing(Heartbeat::observedAt).reversed());
        Set<UUID> ids = new HashSet<>();
        assertThat(answered.stream().map(Heartbeat::messageId).filter(id -> !ids.add(id)).toList())
                .as("heartbeats recorded more than once").isEmpty();
        List<VigieApi.Message> all = AgentHistory.assertEveryMessageOnceInSequence(api, serverId, testStart);
        assertThat(answered).extracting(Heartbeat::messageId).allMatch(id -> all.stream()
                .anyMatch(m -> m.messageId().equals(id)));
    }

    /** Every heartbeat since the test began (the API answers newest first). */
    private static List<Heartbeat> heartbeats() {
        return api.heartbeats(serverId, testStart.minus(Duration.ofMinutes(1)), Instant.now().plus(Duration.ofMinutes(1)),
                10_000);
    }

    /**
     * @param down when the control plane was gone
     * @param restart when it was started again
     */
    private record Outage(Instant down, Instant restart) {
    }
}
