package io.vigie.protocol;

import java.time.Instant;
import java.util.List;

/**
 * Payload of a {@link MessageType#SECURITY_ALERT} message: a detection scenario of the agent
 * triggered (docs/security-hub.md), and the local ban it applied. Limits are in
 * {@code docs/agent-protocol.md}.
 *
 * @param rule the rule that triggered, e.g. {@code sshd-failed-password}
 * @param address the attacking address (IPv4 or IPv6 literal)
 * @param network whether the ban covers the address's network (/24, /64) rather than the address
 * @param banSeconds length of the local ban, in seconds
 * @param at when the scenario triggered, by the agent's clock
 * @param events the events that filled the rule's bucket
 * @param samples up to {@link AgentProtocol#MAX_ALERT_SAMPLES} of the log lines, each cut to
 *        {@link AgentProtocol#MAX_ALERT_SAMPLE_LENGTH} characters
 */
public record SecurityAlert(String rule, String address, boolean network, long banSeconds, Instant at, int events,
        List<String> samples) {
}
