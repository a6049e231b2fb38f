package io.vigie.agent.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.vigie.agent.testing.LogCapture;
import io.vigie.agent.testing.Samples;
import io.vigie.agent.transport.Json;
import io.vigie.agent.transport.Spool;
import io.vigie.protocol.Heartbeat;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeartbeatsTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T10:15:30Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void spoolsAHeartbeatAtStartThenEveryInterval() throws Exception {
        try (Spool spool = Spool.open(dir, Spool.DEFAULT_MAX_BYTES, CLOCK)) {
            Heartbeats heartbeats = new Heartbeats(spool, Samples::facts, CLOCK, Duration.ofSeconds(1));
            try {
                heartbeats.start();
                await().atMost(Duration.ofSeconds(30)).until(() -> spool.pendingCount() >= 2);
            } finally {
                heartbeats.close();
            }

            Heartbeat first = Json.mapper().convertValue(spool.peek(1, Long.MAX_VALUE).getFirst().payload(),
                    Heartbeat.class);
            assertThat(first).isEqualTo(new Heartbeat(CLOCK.instant(), Samples.facts()));
        }
    }

    @Test
    void aFailedHeartbeatIsLoggedAndDoesNotThrow() throws Exception {
        Spool spool = Spool.open(dir, Spool.DEFAULT_MAX_BYTES, CLOCK);
        spool.close();
        try (LogCapture log = LogCapture.of(Heartbeats.class.getName());
             Heartbeats heartbeats = new Heartbeats(spool, Samples::facts, CLOCK, Duration.ofSeconds(1))) {
            heartbeats.beat();

            assertThat(log.lines()).anySatisfy(line -> assertThat(line)
                    .contains("level=ERROR", "event=heartbeat.failed", "is closed"));
        }
    }

    @Test
    void refusesAnIntervalBelowOneSecond() throws Exception {
        try (Spool spool = Spool.open(dir, Spool.DEFAULT_MAX_BYTES, CLOCK)) {
            assertThatThrownBy(() -> new Heartbeats(spool, Samples::facts, CLOCK, Duration.ofMillis(500)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
