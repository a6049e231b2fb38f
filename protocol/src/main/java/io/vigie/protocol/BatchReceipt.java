package io.vigie.protocol;

import java.util.List;
import java.util.UUID;

/**
 * The server's answer to a {@link MessageBatch}. Every message of the batch appears in exactly one
 * list; the agent may then drop the whole batch from its spool. A rejected message is one the
 * server can never accept (unknown type, malformed payload): sending it again would not help, so
 * the agent logs it and drops it too.
 *
 * @param accepted ids processed now
 * @param duplicates ids already processed earlier (a replay), ignored
 * @param rejected ids refused, with the reason
 */
public record BatchReceipt(List<UUID> accepted, List<UUID> duplicates, List<Rejection> rejected) {

    /**
     * A message the server refused for good.
     *
     * @param id the message's idempotency key
     * @param reason why, in English, for the agent's log
     */
    public record Rejection(UUID id, String reason) {
    }
}
