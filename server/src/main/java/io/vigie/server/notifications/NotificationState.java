package io.vigie.server.notifications;

import java.time.Instant;

/**
 * Where one notification of an incident stands: the proof that it was sent, or why not yet.
 *
 * @param recipient the channel's label, or the contact's address
 * @param event the event type
 * @param attempts attempts so far
 * @param deliveredAt when it was delivered, or null
 * @param lastError the last failure, or null
 */
public record NotificationState(String recipient, String event, int attempts, Instant deliveredAt, String lastError) {
}
