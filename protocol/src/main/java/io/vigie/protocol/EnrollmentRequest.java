package io.vigie.protocol;

/**
 * Sent once by {@code vigie-agent enroll}: the one-time token an operator handed out and the
 * host's facts, so that the console shows the server as soon as it is enrolled.
 *
 * @param token the one-time enrollment token (valid 24 h, usable once)
 * @param agentVersion version of the agent software
 * @param facts the host's facts at enrollment time
 */
public record EnrollmentRequest(String token, String agentVersion, HostFacts facts) {
}
