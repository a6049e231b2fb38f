package io.vigie.server.notifications;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.MessageSource;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Service;

import io.vigie.server.platform.VigieProperties;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends the notifications of the outbox (docs/incidents.md): claims the due ones with a lease,
 * sends each to its channel, marks it delivered, or schedules a retry with exponential back-off
 * (10 s doubling up to 1 hour) until it is delivered.
 */
@Service
public class NotificationDelivery {

    /** First retry delay; doubled at each failure up to {@link #MAX_BACKOFF}. */
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(10);
    static final Duration MAX_BACKOFF = Duration.ofHours(1);
    private static final Duration LEASE = Duration.ofMinutes(2);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int BATCH = 100;
    private static final Logger log = LoggerFactory.getLogger(NotificationDelivery.class);

    private final NotificationRepository repository;
    private final JsonMapper json;
    private final MessageSource messages;
    private final ObjectProvider<JavaMailSender> mail;
    private final VigieProperties properties;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    NotificationDelivery(NotificationRepository repository, JsonMapper json, MessageSource messages,
            ObjectProvider<JavaMailSender> mail, VigieProperties properties, Clock clock) {
        this.repository = repository;
        this.json = json;
        this.messages = messages;
        this.mail = mail;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Sends every due notification.
     *
     * @return the number delivered
     */
    public int deliverDue() {
        int delivered = 0;
        List<NotificationRepository.Due> due;
        do {
            Instant now = clock.instant();
            due = repository.claimDue(now, now.plus(LEASE), BATCH);
            for (NotificationRepository.Due notification : due) {
                if (deliver(notification)) {
                    delivered++;
                }
            }
        } while (due.size() == BATCH);
        return delivered;
    }

    private boolean deliver(NotificationRepository.Due n) {
        try {
            send(n);
            repository.delivered(n.outboxId(), clock.instant());
            log.info("notification delivered outbox={} channel={} event={} incident={}", n.outboxId(),
                    recipient(n), n.event(), n.incidentId());
            return true;
        } catch (DeliveryException | MailException e) {
            Duration backoff = backoff(n.attempts() + 1);
            repository.failed(n.outboxId(), clock.instant().plus(backoff), abbreviate(e.getMessage()));
            log.warn("notification not delivered outbox={} channel={} attempt={} retry-in={}: {}", n.outboxId(),
                    recipient(n), n.attempts() + 1, backoff, e.getMessage());
            return false;
        }
    }

    /** @return the channel's id, or "contact" for a client contact (its address is personal data: not logged) */
    private static Object recipient(NotificationRepository.Due n) {
        return n.channel().id() == null ? "contact" : n.channel().id();
    }

    /** @return the delay before the attempt after {@code failures} failures */
    static Duration backoff(int failures) {
        int doublings = Math.min(Math.max(failures - 1, 0), 20);
        Duration delay = FIRST_BACKOFF.multipliedBy(1L << doublings);
        return delay.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : delay;
    }

    private void send(NotificationRepository.Due n) {
        String text = text(n);
        switch (n.channel().type()) {
            case WEBHOOK -> post(n.channel().target(), body(n, text));
            case SLACK, TEAMS -> post(n.channel().target(), Map.of("text", text));
            case EMAIL -> email(n, text);
        }
    }

    private Map<String, Object> body(NotificationRepository.Due n, String text) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("event", n.event());
        body.put("at", n.at().toString());
        body.put("incidentId", n.incidentId().toString());
        body.put("clientId", n.clientId().toString());
        body.put("serverId", n.serverId() == null ? null : n.serverId().toString());
        body.put("title", n.title());
        body.put("severity", n.severity());
        body.put("state", n.state());
        body.put("detail", n.detail());
        body.put("text", text);
        return body;
    }

    private String text(NotificationRepository.Due n) {
        Locale locale = Locale.forLanguageTag(properties.notifications().language());
        String event = messages.getMessage("notifications.event." + n.event(), null, n.event(), locale);
        String severity = messages.getMessage("notifications.severity." + n.severity(), null, n.severity(), locale);
        return "[" + severity + "] " + event + " : " + n.title() + (n.detail() == null ? "" : " (" + n.detail() + ")");
    }

    private void post(String url, Object body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
                .header("Content-Type", "application/json").header("User-Agent", "Vigie")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body))).build();
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 != 2) {
                throw new DeliveryException("HTTP " + response.statusCode());
            }
        } catch (IOException e) {
            throw new DeliveryException(e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException("interrupted");
        }
    }

    private void email(NotificationRepository.Due n, String text) {
        JavaMailSender sender = mail.getIfAvailable();
        if (sender == null) {
            throw new DeliveryException("no SMTP server configured (SPRING_MAIL_HOST)");
        }
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(properties.notifications().mailFrom());
        message.setTo(n.channel().target());
        message.setSubject("Vigie " + text.substring(0, Math.min(text.length(), 150)));
        message.setText(text + "\n\n" + n.at() + "\nincident " + n.incidentId());
        sender.send(message);
    }

    private static String abbreviate(String message) {
        String m = message == null ? "" : message;
        return m.length() <= 500 ? m : m.substring(0, 500);
    }

    /** A notification that could not be delivered this time. */
    static final class DeliveryException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        DeliveryException(String message) {
            super(message);
        }
    }
}
