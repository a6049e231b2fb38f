package io.vigie.server.notifications;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.vigie.server.audit.AuditService;
import io.vigie.server.clients.ClientService;
import io.vigie.server.platform.InvalidInputException;
import io.vigie.server.platform.NotFoundException;
import io.vigie.server.users.CurrentUser;

/**
 * Notification channels: staff declare where a client's incident notifications go (and the
 * provider's own channels, for every client). A client user sees their client's channels.
 */
@Service
public class NotificationService {

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    private final NotificationRepository repository;
    private final ClientService clients;
    private final AuditService audit;
    private final Clock clock;

    NotificationService(NotificationRepository repository, ClientService clients, AuditService audit, Clock clock) {
        this.repository = repository;
        this.clients = clients;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * What staff enter to add a channel.
     *
     * @param clientId the client, or null for a provider-wide channel
     * @param type the kind of endpoint
     * @param target the webhook URL (https, or http for a local relay) or the e-mail address
     * @param label a name for people
     */
    public record NewChannel(UUID clientId, NotificationChannel.Type type, String target, String label) {
    }

    /**
     * @param request the channel
     * @param actor the operator
     * @return the channel, enabled
     */
    @Transactional
    public NotificationChannel create(NewChannel request, CurrentUser actor) {
        if (request.type() == null) {
            throw new InvalidInputException("type", "one of WEBHOOK, SLACK, TEAMS, EMAIL");
        }
        if (request.clientId() != null) {
            clients.get(request.clientId(), actor);
        }
        String target = request.target() == null ? "" : request.target().strip();
        if (request.type() == NotificationChannel.Type.EMAIL ? !EMAIL.matcher(target).matches() : !isWebUrl(target)) {
            throw new InvalidInputException("target", request.type() == NotificationChannel.Type.EMAIL
                    ? "an e-mail address is required" : "an http or https URL is required");
        }
        String label = request.label() == null || request.label().isBlank() ? request.type().name() : request.label().strip();
        if (label.length() > 100 || target.length() > 2000) {
            throw new InvalidInputException(label.length() > 100 ? "label" : "target", "too long");
        }
        NotificationChannel channel = new NotificationChannel(UUID.randomUUID(), request.clientId(), request.type(),
                target, label, true, clock.instant());
        repository.insert(channel);
        // The target of a webhook is a secret (its URL is its credential): the audit keeps the type and label only.
        audit.recordChange("notification-channel.created", "notification-channel", channel.id(), channel.clientId(),
                null, Map.of("type", channel.type().name(), "label", label));
        return channel;
    }

    /**
     * @param id a channel
     * @param enabled whether it receives notifications
     * @param actor the operator
     * @return the channel after the change
     */
    @Transactional
    public NotificationChannel setEnabled(UUID id, boolean enabled, CurrentUser actor) {
        NotificationChannel channel = get(id, actor);
        repository.setEnabled(id, enabled);
        audit.recordChange(enabled ? "notification-channel.enabled" : "notification-channel.disabled",
                "notification-channel", id, channel.clientId(), null, null);
        return repository.find(id).orElseThrow();
    }

    /**
     * @param id a channel
     * @param viewer who asks
     * @return the channel, if the viewer may see it (provider-wide channels: staff only)
     */
    @Transactional(readOnly = true)
    public NotificationChannel get(UUID id, CurrentUser viewer) {
        return repository.find(id).filter(c -> c.clientId() == null ? viewer.isStaff() : viewer.canSee(c.clientId()))
                .orElseThrow(() -> new NotFoundException("notification-channel", id));
    }

    /**
     * @param viewer who asks
     * @param clientId a client, or null: staff see every channel, a client user their client's
     * @return the channels
     */
    @Transactional(readOnly = true)
    public List<NotificationChannel> list(CurrentUser viewer, UUID clientId) {
        Optional<UUID> restricted = viewer.restrictedToClient();
        if (restricted.isPresent()) {
            return clientId != null && !clientId.equals(restricted.get()) ? List.of()
                    : repository.list(restricted.get());
        }
        return repository.list(clientId);
    }

    /**
     * @return the provider's own channels, which receive every client's incidents (staff only: the
     *         caller checks)
     */
    @Transactional(readOnly = true)
    public List<NotificationChannel> providerChannels() {
        return repository.listProvider();
    }

    /**
     * @param incidentId an incident (staff only: the caller checks; provider channels are named)
     * @return the state of each of its notifications, oldest first
     */
    @Transactional(readOnly = true)
    public List<NotificationState> deliveries(UUID incidentId) {
        return repository.deliveries(incidentId);
    }

    /**
     * @param id a channel id
     * @return its client, for the tenant check of URLs
     */
    @Transactional(readOnly = true)
    public Optional<UUID> clientOf(UUID id) {
        return repository.find(id).map(NotificationChannel::clientId);
    }

    private static boolean isWebUrl(String target) {
        try {
            URI uri = URI.create(target);
            return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
