package io.vigie.server.notifications;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.vigie.server.platform.SqlTime;

/** Notification channels and the delivery side of the outbox. */
@Repository
class NotificationRepository {

    private static final RowMapper<NotificationChannel> CHANNEL = (rs, n) -> new NotificationChannel(
            rs.getObject("id", UUID.class), rs.getObject("client_id", UUID.class),
            NotificationChannel.Type.valueOf(rs.getString("type")), rs.getString("target"), rs.getString("label"),
            rs.getBoolean("enabled"), SqlTime.instant(rs.getTimestamp("created_at")));

    private final JdbcClient jdbc;

    NotificationRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(NotificationChannel c) {
        jdbc.sql("insert into notification_channels (id, client_id, type, target, label, enabled, created_at)"
                        + " values (?, ?, ?, ?, ?, ?, ?)")
                .params(c.id(), c.clientId(), c.type().name(), c.target(), c.label(), c.enabled(),
                        SqlTime.timestamp(c.createdAt()))
                .update();
    }

    void setEnabled(UUID id, boolean enabled) {
        jdbc.sql("update notification_channels set enabled = ? where id = ?").params(enabled, id).update();
    }

    Optional<NotificationChannel> find(UUID id) {
        return jdbc.sql("select * from notification_channels where id = ?").param(id).query(CHANNEL).optional();
    }

    /** @return the provider-wide channels (no client) */
    List<NotificationChannel> listProvider() {
        return jdbc.sql("select * from notification_channels where client_id is null order by created_at")
                .query(CHANNEL).list();
    }

    /** @return the channels of a client, or every channel for null */
    List<NotificationChannel> list(UUID clientId) {
        return jdbc.sql("select * from notification_channels where (cast(? as uuid) is null or client_id = ?)"
                        + " order by created_at")
                .params(clientId, clientId).query(CHANNEL).list();
    }

    /**
     * A notification to deliver: the outbox row with its event, incident and channel.
     *
     * @param outboxId the outbox row
     * @param attempts attempts so far
     * @param channel where it goes: a channel, or an e-mail channel standing for a client contact
     * @param event the event type (opened, acknowledged, reminder, resolved)
     * @param at when the event happened
     * @param detail the event's detail
     * @param incidentId the incident
     * @param clientId its client
     * @param serverId its server, if any
     * @param title its title
     * @param severity its severity
     * @param state its state now
     */
    record Due(long outboxId, int attempts, NotificationChannel channel, String event, Instant at, String detail,
            UUID incidentId, UUID clientId, UUID serverId, String title, String severity, String state) {
    }

    /** A client contact's address as the e-mail channel it amounts to (no id: it is not a channel). */
    private static NotificationChannel contactChannel(String email, UUID clientId) {
        return new NotificationChannel(null, clientId, NotificationChannel.Type.EMAIL, email, "contact", true, null);
    }

    /**
     * Claims due notifications: each is leased until {@code leaseUntil}, so that another node does
     * not send it meanwhile; a node that dies with the lease lets it be sent again after.
     */
    List<Due> claimDue(Instant now, Instant leaseUntil, int limit) {
        List<Long> ids = jdbc.sql("update notification_outbox set next_attempt_at = ? where id in ("
                        + " select id from notification_outbox where delivered_at is null and next_attempt_at <= ?"
                        + " order by next_attempt_at limit ? for update skip locked) returning id")
                .params(SqlTime.timestamp(leaseUntil), SqlTime.timestamp(now), limit).query(Long.class).list();
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select o.id as outbox_id, o.attempts, o.contact_email, c.*, e.type as event, e.at, e.detail,"
                        + " i.id as incident_id, i.client_id as incident_client, i.server_id, i.title, i.severity,"
                        + " i.state from notification_outbox o left join notification_channels c on c.id = o.channel_id"
                        + " join incident_events e on e.id = o.event_id join incidents i on i.id = e.incident_id"
                        + " where o.id = any(?) order by o.id")
                .param(ids.toArray(Long[]::new))
                .query((rs, n) -> new Due(rs.getLong("outbox_id"), rs.getInt("attempts"),
                        rs.getString("contact_email") != null ? contactChannel(rs.getString("contact_email"),
                                rs.getObject("incident_client", UUID.class)) : CHANNEL.mapRow(rs, n),
                        rs.getString("event"), SqlTime.instant(rs.getTimestamp("at")), rs.getString("detail"),
                        rs.getObject("incident_id", UUID.class), rs.getObject("incident_client", UUID.class),
                        rs.getObject("server_id", UUID.class), rs.getString("title"), rs.getString("severity"),
                        rs.getString("state")))
                .list();
    }

    void delivered(long outboxId, Instant at) {
        jdbc.sql("update notification_outbox set delivered_at = ?, attempts = attempts + 1, last_error = null"
                + " where id = ?").params(SqlTime.timestamp(at), outboxId).update();
    }

    void failed(long outboxId, Instant nextAttempt, String error) {
        jdbc.sql("update notification_outbox set attempts = attempts + 1, next_attempt_at = ?, last_error = ?"
                + " where id = ?").params(SqlTime.timestamp(nextAttempt), error, outboxId).update();
    }

    /**
     * @param incidentId an incident
     * @return the delivery state of its notifications, oldest first
     */
    List<NotificationState> deliveries(UUID incidentId) {
        return jdbc.sql("select coalesce(c.label, o.contact_email), e.type, o.attempts, o.delivered_at, o.last_error"
                        + " from notification_outbox o join incident_events e on e.id = o.event_id"
                        + " left join notification_channels c on c.id = o.channel_id"
                        + " where e.incident_id = ? order by o.id")
                .param(incidentId)
                .query((rs, n) -> new NotificationState(rs.getString(1), rs.getString(2), rs.getInt(3),
                        SqlTime.instant(rs.getTimestamp(4)), rs.getString(5)))
                .list();
    }
}
