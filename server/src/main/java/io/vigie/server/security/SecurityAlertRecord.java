package io.vigie.server.security;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A detection an agent reported: what triggered, on which server, against which address, and the
 * local ban the agent applied.
 *
 * @param id identifier (the agent message's id: one row per message)
 * @param clientId the server's client
 * @param serverId the server that detected it
 * @param rule the rule that triggered
 * @param address the attacking address, canonical form
 * @param network whether the ban covers the address's network
 * @param banSeconds length of the agent's local ban
 * @param detectedAt when the agent detected it
 * @param receivedAt when the control plane received it
 * @param events events that filled the rule's bucket
 * @param samples up to 3 of the log lines
 */
public record SecurityAlertRecord(UUID id, UUID clientId, UUID serverId, String rule, String address, boolean network,
        long banSeconds, Instant detectedAt, Instant receivedAt, int events, List<String> samples) {
}
