package io.vigie.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What the control plane recorded of an agent, checked for losses and repeats. */
final class AgentHistory {

    private AgentHistory() {
    }

    /**
     * Every message of the server's agent since {@code since} (heartbeats and metric rounds share
     * the spool) was recorded exactly once: distinct ids and sequences without gap or repeat.
     *
     * @param api the control plane's API
     * @param serverId the server
     * @param since the start of the test
     * @return the messages, by sequence
     */
    static List<VigieApi.Message> assertEveryMessageOnceInSequence(VigieApi api, UUID serverId, Instant since) {
        List<VigieApi.Message> all = api.messages(serverId, since.minus(Duration.ofMinutes(1)),
                Instant.now().plus(Duration.ofMinutes(1)), 10_000);
        assertThat(all).extracting(VigieApi.Message::type).contains("heartbeat", "metrics");
        assertThat(all.stream().map(VigieApi.Message::messageId).distinct().count()).as("messages recorded once")
                .isEqualTo(all.size());
        for (int i = 1; i < all.size(); i++) {
            assertThat(all.get(i).sequence())
                    .as("sequence after %s (a gap is a lost message, a repeat one counted twice)", all.get(i - 1))
                    .isEqualTo(all.get(i - 1).sequence() + 1);
        }
        return all;
    }
}
