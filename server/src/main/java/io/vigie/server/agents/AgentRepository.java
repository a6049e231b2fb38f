package io.vigie.server.agents;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.vigie.server.platform.SqlTime;

/** SQL for agents, enrollment tokens, received messages and heartbeats. */
@Repository
class AgentRepository {

    private static final RowMapper<Agent> AGENT = (rs, n) -> new Agent(rs.getObject("id", UUID.class),
            rs.getObject("server_id", UUID.class), rs.getString("secret_hash"), rs.getString("agent_version"),
            SqlTime.instant(rs.getTimestamp("enrolled_at")), SqlTime.instant(rs.getTimestamp("revoked_at")), SqlTime.instant(rs.getTimestamp("last_contact_at")),
            rs.getString("facts"), SqlTime.instant(rs.getTimestamp("facts_observed_at")),
            (Long) rs.getObject("clock_skew_ms"));

    private final JdbcClient jdbc;

    AgentRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // --- enrollment tokens

    void insertToken(UUID id, UUID serverId, String hash, UUID createdBy, Instant now, Instant expiresAt) {
        jdbc.sql("insert into enrollment_tokens (id, server_id, token_hash, created_by, created_at, expires_at)"
                        + " values (?, ?, ?, ?, ?, ?)")
                .params(id, serverId, hash, createdBy, SqlTime.timestamp(now), SqlTime.timestamp(expiresAt)).update();
    }

    /**
     * A token found by hash.
     *
     * @param id token id
     * @param serverId server
     * @param expiresAt expiry
     * @param usedAt use time, or null
     */
    record Token(UUID id, UUID serverId, Instant expiresAt, Instant usedAt) {
    }

    Optional<Token> findTokenForUpdate(String hash) {
        return jdbc.sql("select id, server_id, expires_at, used_at from enrollment_tokens where token_hash = ? for update")
                .param(hash)
                .query((rs, n) -> new Token(rs.getObject("id", UUID.class), rs.getObject("server_id", UUID.class),
                        SqlTime.instant(rs.getTimestamp("expires_at")), SqlTime.instant(rs.getTimestamp("used_at"))))
                .optional();
    }

    void markTokenUsed(UUID tokenId, UUID agentId, Instant now) {
        jdbc.sql("update enrollment_tokens set used_at = ?, agent_id = ? where id = ?")
                .params(SqlTime.timestamp(now), agentId, tokenId).update();
    }

    // --- agents

    int revokeActive(UUID serverId, Instant now) {
        return jdbc.sql("update agents set revoked_at = ? where server_id = ? and revoked_at is null")
                .params(SqlTime.timestamp(now), serverId).update();
    }

    void insertAgent(UUID id, UUID serverId, String secretHash, String version, Instant now, String address) {
        jdbc.sql("insert into agents (id, server_id, secret_hash, agent_version, enrolled_at, last_contact_at, last_address)"
                        + " values (?, ?, ?, ?, ?, ?, ?)")
                .params(id, serverId, secretHash, version, SqlTime.timestamp(now), SqlTime.timestamp(now), address).update();
    }

    Optional<Agent> find(UUID id) {
        return jdbc.sql("select * from agents where id = ?").param(id).query(AGENT).optional();
    }

    List<Agent> activeForServers(Collection<UUID> serverIds) {
        if (serverIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select * from agents where revoked_at is null and server_id = any(?)")
                .param(serverIds.toArray(UUID[]::new)).query(AGENT).list();
    }

    void touch(UUID agentId, Instant now, String address) {
        jdbc.sql("update agents set last_contact_at = greatest(last_contact_at, ?), last_address = ? where id = ?")
                .params(SqlTime.timestamp(now), address, agentId).update();
    }

    void updateClock(UUID agentId, long skewMillis, Instant now) {
        jdbc.sql("update agents set clock_skew_ms = ?, clock_checked_at = ? where id = ?")
                .params(skewMillis, SqlTime.timestamp(now), agentId).update();
    }

    /** Keeps the facts only if they are newer than those stored. */
    void updateFacts(UUID agentId, String factsJson, Instant observedAt, String version) {
        jdbc.sql("update agents set facts = cast(? as jsonb), facts_observed_at = ?, agent_version = coalesce(?, agent_version)"
                        + " where id = ? and (facts_observed_at is null or facts_observed_at < ?)")
                .params(factsJson, SqlTime.timestamp(observedAt), version, agentId, SqlTime.timestamp(observedAt)).update();
    }

    // --- messages

    /** @return true when the message is new, false when it was received before */
    boolean recordMessage(UUID agentId, UUID messageId, String type, long sequence, Instant createdAt, Instant now) {
        return jdbc.sql("insert into agent_messages (agent_id, message_id, type, sequence, created_at, received_at)"
                        + " values (?, ?, ?, ?, ?, ?) on conflict do nothing")
                .params(agentId, messageId, type, sequence, SqlTime.timestamp(createdAt), SqlTime.timestamp(now)).update() == 1;
    }

    /**
     * A received heartbeat, as evidence that the host was alive.
     *
     * @param messageId idempotency key of the message
     * @param sequence position in the agent's spool
     * @param observedAt when the agent took it
     * @param receivedAt when the control plane received it
     */
    record HeartbeatRecord(UUID messageId, long sequence, Instant observedAt, Instant receivedAt) {
    }

    List<HeartbeatRecord> heartbeats(UUID serverId, Instant from, Instant to, int limit) {
        return jdbc.sql("select h.message_id, m.sequence, h.observed_at, h.received_at from heartbeats h"
                        + " join agent_messages m on m.agent_id = h.agent_id and m.message_id = h.message_id"
                        + " where h.server_id = ? and h.observed_at >= ? and h.observed_at < ?"
                        + " order by h.observed_at desc limit ?")
                .params(serverId, SqlTime.timestamp(from), SqlTime.timestamp(to), limit)
                .query((rs, n) -> new HeartbeatRecord(rs.getObject(1, UUID.class), rs.getLong(2),
                        SqlTime.instant(rs.getTimestamp(3)), SqlTime.instant(rs.getTimestamp(4))))
                .list();
    }

    /**
     * A message received from an agent, whatever its type: the evidence of what arrived, once each.
     *
     * @param agentId the agent
     * @param messageId idempotency key
     * @param sequence position in the agent's spool
     * @param type message type
     * @param createdAt when the agent spooled it
     * @param receivedAt when the control plane received it
     */
    record MessageRecord(UUID agentId, UUID messageId, long sequence, String type, Instant createdAt,
            Instant receivedAt) {
    }

    List<MessageRecord> messages(UUID serverId, Instant from, Instant to, int limit) {
        return jdbc.sql("select m.agent_id, m.message_id, m.sequence, m.type, m.created_at, m.received_at"
                        + " from agent_messages m join agents a on a.id = m.agent_id"
                        + " where a.server_id = ? and m.created_at >= ? and m.created_at < ?"
                        + " order by m.agent_id, m.sequence limit ?")
                .params(serverId, SqlTime.timestamp(from), SqlTime.timestamp(to), limit)
                .query((rs, n) -> new MessageRecord(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        rs.getLong(3), rs.getString(4), SqlTime.instant(rs.getTimestamp(5)),
                        SqlTime.instant(rs.getTimestamp(6))))
                .list();
    }

    void insertHeartbeat(UUID serverId, UUID agentId, UUID messageId, Instant observedAt, Instant now) {
        jdbc.sql("insert into heartbeats (server_id, agent_id, message_id, observed_at, received_at) values (?, ?, ?, ?, ?)")
                .params(serverId, agentId, messageId, SqlTime.timestamp(observedAt), SqlTime.timestamp(now)).update();
    }
}
