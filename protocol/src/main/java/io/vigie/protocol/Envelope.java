package io.vigie.protocol;

import java.time.Instant;
import java.util.UUID;

/**
 * One message of the agent's spool, as written on disk and as sent. The {@code id} is the
 * idempotency key: the server processes a given id once per agent, however often it is sent.
 *
 * @param id idempotency key, a random UUID chosen when the message is appended to the spool
 * @param sequence position in the agent's spool, strictly increasing, for ordering and diagnosis
 * @param type wire name of a {@link MessageType}
 * @param createdAt when the message was appended to the spool
 * @param payload the message body; its shape depends on {@code type}
 */
public record Envelope(UUID id, long sequence, String type, Instant createdAt, Object payload) {
}
