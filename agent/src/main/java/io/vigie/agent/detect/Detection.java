package io.vigie.agent.detect;

import io.vigie.protocol.AgentProtocol;
import io.vigie.protocol.SecurityAlert;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A triggered scenario: the address to ban and why.
 *
 * @param rule the rule that triggered ({@code repeat-offender} for the meta-scenario)
 * @param address the attacker's address, IPv4 dotted or IPv6 in its short form
 * @param banFor how long to ban it
 * @param network true to ban its network (/24 for IPv4, /64 for IPv6) rather than the address
 * @param at when the scenario triggered
 * @param events how many events (or distinct values) filled the bucket
 * @param samples up to 3 of the last lines that fed it, each cut to 512 characters
 */
public record Detection(String rule, String address, Duration banFor, boolean network, Instant at, int events,
                        List<String> samples) {

    /** Copies the samples. */
    public Detection {
        samples = List.copyOf(samples);
    }

    /** @return the detection as the control plane receives it (samples bounded as the protocol says) */
    public SecurityAlert alert() {
        return new SecurityAlert(rule, address, network, banFor.toSeconds(), at, events,
                samples.stream().limit(AgentProtocol.MAX_ALERT_SAMPLES)
                        .map(line -> line.length() <= AgentProtocol.MAX_ALERT_SAMPLE_LENGTH ? line
                                : line.substring(0, AgentProtocol.MAX_ALERT_SAMPLE_LENGTH))
                        .toList());
    }
}
