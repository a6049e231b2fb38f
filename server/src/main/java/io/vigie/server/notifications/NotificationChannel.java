package io.vigie.server.notifications;

import java.net.URI;
import java.time.Instant;
import java.util.UUID;

/**
 * Where incident notifications go: a client's, or the provider's own when {@code clientId} is null.
 *
 * @param id identifier
 * @param clientId the client, or null for a provider-wide channel (every client's incidents)
 * @param type the kind of endpoint
 * @param target the webhook URL or the e-mail address
 * @param label a name for people
 * @param enabled whether notifications are queued for it
 * @param createdAt creation time
 */
public record NotificationChannel(UUID id, UUID clientId, Type type, String target, String label, boolean enabled,
        Instant createdAt) {

    /**
     * @return what the console shows of the target: the address of an e-mail channel, only the
     *         host of a webhook (its URL is its credential)
     */
    public String shownTarget() {
        return type == Type.EMAIL ? target : URI.create(target).getHost();
    }

    /** The kinds of endpoint. */
    public enum Type {
        /** A generic JSON webhook (docs/incidents.md gives the body). */
        WEBHOOK,
        /** A Slack or Mattermost incoming webhook. */
        SLACK,
        /** A Microsoft Teams incoming webhook. */
        TEAMS,
        /** An e-mail address, through the configured SMTP server. */
        EMAIL
    }
}
