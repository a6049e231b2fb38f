package io.vigie.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 3's fault test: the control plane is down for 10 minutes (a crash, then a start on the
 * same data), and the agent's metrics of those 10 minutes arrive afterwards: no round lost, none
 * stored twice, every message of the agent recorded once and in sequence. The outage's length is
 * {@code vigie.outage-minutes} (10 by default), so that it can be shortened by hand.
 */
@Timeout(value = 25, unit = TimeUnit.MINUTES)
class LongOutageTest {

    private static final Duration HEARTBEAT = Duration.ofSeconds(5);
    private static final Duration METRICS = Duration.ofSeconds(5);
    private static final Duration OUTAGE = Duration.ofMinutes(Long.getLong("vigie.outage-minutes", 10));
    /** The agent's back-off reaches 60 s, and it then replays 10 minutes of spool. */
    private static final Duration CATCH_UP_BOUND = Duration.ofMinutes(4);

    private static EnrolledServer deployment;
    private static ControlPlaneProcess controlPlane;
    private static VigieApi api;
    private static UUID serverId;
    private static Instant testStart;

    @BeforeAll
    static void startControlPlaneAndEnrolledAgent() {
        testStart = Instant.now();
        deployment = EnrolledServer.start("long-outage", "Boulangerie Martin", "web-1.boulangerie-martin.test",
                HEARTBEAT, METRICS);
        controlPlane = deployment.controlPlane();
        api = deployment.api();
        serverId = deployment.serverId();
        await("agent online with a few metric rounds").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> api.agentState(serverId).equals("ONLINE")
                        && api.sampleTimes(serverId, "node_load1", testStart, Instant.now()).size() >= 3);
    }

    @AfterAll
    static void stopEverything() {
        if (deployment != null) {
            deployment.close();
        }
    }

    @Test
    void theMetricsOfATenMinuteOutageArriveAfterItOnceEach() {
        controlPlane.kill();
        Instant down = Instant.now();
        ControlPlaneProcess.sleep(OUTAGE);
        Instant restart = Instant.now();
        controlPlane.restart();

        // Rounds observed from a little before the crash to the restart, all received afterwards.
        Instant from = down.minus(METRICS.multipliedBy(2));
        long expected = Duration.between(from, restart).dividedBy(METRICS);
        List<Instant> times = new ArrayList<>();
        await("the rounds of the outage stored").atMost(CATCH_UP_BOUND).pollInterval(Duration.ofSeconds(5))
                .until(() -> {
                    times.clear();
                    times.addAll(api.sampleTimes(serverId, "node_load1", from, restart));
                    return times.size() >= expected - 1;
                });

        assertThat(times).as("one sample per round of %s over %s .. %s", METRICS, from, restart)
                .hasSizeBetween((int) expected - 1, (int) expected + 1).doesNotHaveDuplicates().isSorted();
        for (int i = 1; i < times.size(); i++) {
            assertThat(Duration.between(times.get(i - 1), times.get(i)))
                    .as("gap between rounds at %s and %s (a lost round)", times.get(i - 1), times.get(i))
                    .isLessThan(METRICS.multipliedBy(2));
        }
        AgentHistory.assertEveryMessageOnceInSequence(api, serverId, testStart);
    }
}
