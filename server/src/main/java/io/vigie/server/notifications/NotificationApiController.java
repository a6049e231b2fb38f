package io.vigie.server.notifications;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.vigie.server.users.CurrentUser;

/** REST API of notification channels (docs/incidents.md). */
@RestController
@RequestMapping("/api/v1/notification-channels")
@Tag(name = "Notifications")
class NotificationApiController {

    private static final String STAFF = "hasAnyRole('ADMIN','OPERATOR')";

    private final NotificationService channels;

    NotificationApiController(NotificationService channels) {
        this.channels = channels;
    }

    @GetMapping
    List<NotificationChannel> list(@RequestParam(required = false) UUID clientId) {
        return channels.list(CurrentUser.require(), clientId);
    }

    @GetMapping("/{channelId}")
    NotificationChannel get(@PathVariable UUID channelId) {
        return channels.get(channelId, CurrentUser.require());
    }

    @PostMapping
    @PreAuthorize(STAFF)
    ResponseEntity<NotificationChannel> create(@RequestBody NotificationService.NewChannel channel) {
        NotificationChannel created = channels.create(channel, CurrentUser.require());
        return ResponseEntity.created(URI.create("/api/v1/notification-channels/" + created.id())).body(created);
    }

    @PostMapping("/{channelId}/disable")
    @PreAuthorize(STAFF)
    NotificationChannel disable(@PathVariable UUID channelId) {
        return channels.setEnabled(channelId, false, CurrentUser.require());
    }

    @PostMapping("/{channelId}/enable")
    @PreAuthorize(STAFF)
    NotificationChannel enable(@PathVariable UUID channelId) {
        return channels.setEnabled(channelId, true, CurrentUser.require());
    }
}
