package io.vigie.server.audit;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for the append-only {@code audit_log} table. */
@Repository
class AuditRepository {

    private static final RowMapper<AuditEntry> MAPPER = (rs, n) -> new AuditEntry(rs.getLong("id"),
            rs.getTimestamp("at").toInstant(), rs.getObject("actor_id", UUID.class), rs.getString("actor_label"),
            rs.getObject("client_id", UUID.class), rs.getString("action"), rs.getString("entity_type"),
            rs.getString("entity_id"), rs.getString("summary"), rs.getString("before_state"),
            rs.getString("after_state"), rs.getString("source_ip"));

    private final JdbcClient jdbc;

    AuditRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(AuditEntry e) {
        jdbc.sql("insert into audit_log (at, actor_id, actor_label, client_id, action, entity_type, entity_id,"
                        + " summary, before_state, after_state, source_ip)"
                        + " values (?, ?, ?, ?, ?, ?, ?, ?, cast(? as jsonb), cast(? as jsonb), ?)")
                .params(Timestamp.from(e.at()), e.actorId(), e.actorLabel(), e.clientId(), e.action(),
                        e.entityType(), e.entityId(), e.summary(), e.before(), e.after(), e.sourceIp())
                .update();
    }

    List<AuditEntry> search(AuditQuery q, UUID restrictToClient) {
        StringBuilder sql = new StringBuilder("select * from audit_log where true");
        List<Object> params = new ArrayList<>();
        if (restrictToClient != null) {
            sql.append(" and client_id = ?");
            params.add(restrictToClient);
        }
        if (q.clientId() != null) {
            sql.append(" and client_id = ?");
            params.add(q.clientId());
        }
        if (q.text() != null && !q.text().isBlank()) {
            sql.append(" and (actor_label ilike ? or action ilike ? or coalesce(entity_id, '') ilike ?"
                    + " or coalesce(summary, '') ilike ?)");
            String like = "%" + q.text().strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            params.add(like);
            params.add(like);
            params.add(like);
            params.add(like);
        }
        if (q.action() != null && !q.action().isBlank()) {
            if (q.action().endsWith(".")) {
                sql.append(" and starts_with(action, ?)");
            } else {
                sql.append(" and action = ?");
            }
            params.add(q.action());
        }
        if (q.entityId() != null && !q.entityId().isBlank()) {
            sql.append(" and entity_id = ?");
            params.add(q.entityId());
        }
        if (q.from() != null) {
            sql.append(" and at >= ?");
            params.add(Timestamp.from(q.from()));
        }
        if (q.to() != null) {
            sql.append(" and at < ?");
            params.add(Timestamp.from(q.to()));
        }
        sql.append(" order by id desc limit ").append(q.boundedLimit());
        return jdbc.sql(sql.toString()).params(params).query(MAPPER).list();
    }
}
