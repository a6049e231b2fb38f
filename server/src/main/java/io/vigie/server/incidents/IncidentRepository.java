package io.vigie.server.incidents;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.vigie.server.platform.SqlTime;

/** The incident tables, the notification channels and the outbox. */
@Repository
class IncidentRepository {

    private static final String COLUMNS = "id, client_id, server_id, monitor_id, dedup_key, kind, severity, title,"
            + " state, opened_at, acknowledged_at, acknowledged_by, resolved_at, supplier_ticket, silenced";

    private static final RowMapper<Incident> INCIDENT = (rs, n) -> new Incident(rs.getObject("id", UUID.class),
            rs.getObject("client_id", UUID.class), rs.getObject("server_id", UUID.class),
            rs.getObject("monitor_id", UUID.class), rs.getString("dedup_key"),
            Incident.Kind.valueOf(rs.getString("kind")), Incident.Severity.valueOf(rs.getString("severity")),
            rs.getString("title"), Incident.State.valueOf(rs.getString("state")), instant(rs, "opened_at"),
            instant(rs, "acknowledged_at"), rs.getObject("acknowledged_by", UUID.class), instant(rs, "resolved_at"),
            rs.getString("supplier_ticket"), rs.getBoolean("silenced"));

    private final JdbcClient jdbc;

    IncidentRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return SqlTime.instant(rs.getTimestamp(column));
    }

    /** @return true when inserted, false when an incident with this key is open already */
    boolean insertIfNoneOpen(Incident i) {
        return jdbc.sql("insert into incidents (" + COLUMNS + ", last_notified_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?,"
                        + " ?, null, null, null, null, ?, ?) on conflict (dedup_key) where state <> 'RESOLVED' do nothing")
                .params(i.id(), i.clientId(), i.serverId(), i.monitorId(), i.dedupKey(), i.kind().name(),
                        i.severity().name(), i.title(), i.state().name(), SqlTime.timestamp(i.openedAt()),
                        i.silenced(), SqlTime.timestamp(i.openedAt()))
                .update() == 1;
    }

    Optional<Incident> findOpenForUpdate(String dedupKey) {
        return jdbc.sql("select " + COLUMNS + " from incidents where dedup_key = ? and state <> 'RESOLVED' for update")
                .param(dedupKey).query(INCIDENT).optional();
    }

    Optional<Incident> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from incidents where id = ?").param(id).query(INCIDENT).optional();
    }

    List<Incident> overlapping(UUID clientId, Incident.Kind kind, Instant from, Instant to) {
        return jdbc.sql("select " + COLUMNS + " from incidents where client_id = ? and kind = ? and opened_at < ?"
                        + " and (resolved_at is null or resolved_at > ?) order by opened_at")
                .params(clientId, kind.name(), SqlTime.timestamp(to), SqlTime.timestamp(from)).query(INCIDENT).list();
    }

    Optional<UUID> clientOf(UUID id) {
        return jdbc.sql("select client_id from incidents where id = ?").param(id).query(UUID.class).optional();
    }

    List<Incident> list(UUID clientId, boolean openOnly, int limit) {
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from incidents where true");
        List<Object> params = new ArrayList<>();
        if (clientId != null) {
            sql.append(" and client_id = ?");
            params.add(clientId);
        }
        if (openOnly) {
            sql.append(" and state <> 'RESOLVED'");
        }
        sql.append(" order by opened_at desc limit ?");
        params.add(limit);
        return jdbc.sql(sql.toString()).params(params).query(INCIDENT).list();
    }

    List<Incident> ofMonitor(UUID monitorId, int limit) {
        return jdbc.sql("select " + COLUMNS + " from incidents where monitor_id = ? order by opened_at desc limit ?")
                .params(monitorId, limit).query(INCIDENT).list();
    }

    void acknowledge(UUID id, Instant at, UUID actorId) {
        jdbc.sql("update incidents set state = 'ACKNOWLEDGED', acknowledged_at = ?, acknowledged_by = ? where id = ?")
                .params(SqlTime.timestamp(at), actorId, id).update();
    }

    void resolve(UUID id, Instant at) {
        jdbc.sql("update incidents set state = 'RESOLVED', resolved_at = ? where id = ?")
                .params(SqlTime.timestamp(at), id).update();
    }

    void setSupplierTicket(UUID id, String ticket) {
        jdbc.sql("update incidents set supplier_ticket = ? where id = ?").params(ticket, id).update();
    }

    void setNotified(UUID id, Instant at) {
        jdbc.sql("update incidents set last_notified_at = ? where id = ?").params(SqlTime.timestamp(at), id).update();
    }

    /** @return open, unacknowledged incidents not silenced, last notified before {@code before} */
    List<Incident> dueForReminder(Instant before) {
        return jdbc.sql("select " + COLUMNS + " from incidents where state = 'OPEN' and not silenced"
                        + " and last_notified_at < ?")
                .param(SqlTime.timestamp(before)).query(INCIDENT).list();
    }

    /** @return the incidents still open and held by a maintenance window */
    List<Incident> silencedOpen() {
        return jdbc.sql("select " + COLUMNS + " from incidents where silenced and state <> 'RESOLVED'")
                .query(INCIDENT).list();
    }

    /** Releases a silenced incident, if it still is: false when another node did it first. */
    boolean unsilence(UUID id) {
        return jdbc.sql("update incidents set silenced = false where id = ? and silenced").param(id).update() == 1;
    }

    long insertEvent(UUID incidentId, Instant at, String type, UUID actorId, String detail) {
        return jdbc.sql("insert into incident_events (incident_id, at, type, actor_id, detail) values (?, ?, ?, ?, ?)"
                        + " returning id")
                .params(incidentId, SqlTime.timestamp(at), type, actorId, detail).query(Long.class).single();
    }

    List<IncidentEvent> events(UUID incidentId) {
        return jdbc.sql("select id, incident_id, at, type, actor_id, detail from incident_events where incident_id = ?"
                        + " order by id")
                .param(incidentId)
                .query((rs, n) -> new IncidentEvent(rs.getLong(1), rs.getObject(2, UUID.class), instant(rs, "at"),
                        rs.getString(4), rs.getObject(5, UUID.class), rs.getString(6)))
                .list();
    }

    /** Queues the event for every enabled channel of the client and every provider-wide channel. */
    /**
     * Queues an event's notification for every enabled channel of the client and of the provider,
     * and for every contact of the client flagged for notifications (by e-mail).
     */
    void enqueue(long eventId, UUID clientId, Instant now) {
        jdbc.sql("insert into notification_outbox (event_id, channel_id, created_at, next_attempt_at)"
                        + " select ?, id, ?, ? from notification_channels where enabled"
                        + " and (client_id = ? or client_id is null) on conflict do nothing")
                .params(eventId, SqlTime.timestamp(now), SqlTime.timestamp(now), clientId).update();
        jdbc.sql("insert into notification_outbox (event_id, contact_email, created_at, next_attempt_at)"
                        + " select distinct cast(? as bigint), lower(email), cast(? as timestamptz), cast(? as timestamptz)"
                        + " from client_contacts where notify and client_id = ?"
                        + " on conflict do nothing")
                .params(eventId, SqlTime.timestamp(now), SqlTime.timestamp(now), clientId).update();
    }
}
