package io.vigie.server.users;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.vigie.server.platform.SqlTime;

/** SQL for the {@code api_tokens} table. */
@Repository
class ApiTokenRepository {

    private static final String COLUMNS = "id, user_id, name, prefix, created_at, expires_at, last_used_at, revoked_at";
    private static final RowMapper<ApiToken> MAPPER = (rs, n) -> new ApiToken(rs.getObject("id", UUID.class),
            rs.getObject("user_id", UUID.class), rs.getString("name"), rs.getString("prefix"),
            SqlTime.instant(rs.getTimestamp("created_at")), SqlTime.instant(rs.getTimestamp("expires_at")),
            SqlTime.instant(rs.getTimestamp("last_used_at")), SqlTime.instant(rs.getTimestamp("revoked_at")));

    private final JdbcClient jdbc;

    ApiTokenRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(ApiToken t, String hash) {
        jdbc.sql("insert into api_tokens (id, user_id, name, prefix, token_hash, created_at, expires_at)"
                        + " values (?, ?, ?, ?, ?, ?, ?)")
                .params(t.id(), t.userId(), t.name(), t.prefix(), hash, SqlTime.timestamp(t.createdAt()), SqlTime.timestamp(t.expiresAt()))
                .update();
    }

    List<ApiToken> listForUser(UUID userId) {
        return jdbc.sql("select " + COLUMNS + " from api_tokens where user_id = ? order by created_at desc")
                .param(userId).query(MAPPER).list();
    }

    Optional<ApiToken> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from api_tokens where id = ?").param(id).query(MAPPER).optional();
    }

    Optional<UUID> ownerClient(UUID tokenId) {
        return jdbc.sql("select u.client_id from api_tokens t join users u on u.id = t.user_id where t.id = ?")
                .param(tokenId).query((rs, n) -> Optional.ofNullable(rs.getObject(1, UUID.class))).optional()
                .flatMap(o -> o);
    }

    /** The active user owning a valid token with this hash. */
    Optional<User> activeOwner(String hash, Instant now) {
        return jdbc.sql("select u.id, u.email, u.display_name, u.role, u.client_id, t.id as token_id"
                        + " from api_tokens t join users u on u.id = t.user_id"
                        + " where t.token_hash = ? and t.revoked_at is null and (t.expires_at is null or t.expires_at > ?)"
                        + " and u.archived_at is null")
                .params(hash, SqlTime.timestamp(now))
                .query((rs, n) -> new User(rs.getObject("id", UUID.class), rs.getString("email"),
                        rs.getString("display_name"), Role.valueOf(rs.getString("role")),
                        rs.getObject("client_id", UUID.class), null, null, null))
                .optional();
    }

    void touch(String hash, Instant now) {
        jdbc.sql("update api_tokens set last_used_at = ? where token_hash = ?"
                        + " and (last_used_at is null or last_used_at < ?)")
                .params(SqlTime.timestamp(now), hash, SqlTime.timestamp(now.minusSeconds(60))).update();
    }

    boolean revoke(UUID id, Instant now) {
        return jdbc.sql("update api_tokens set revoked_at = ? where id = ? and revoked_at is null")
                .params(SqlTime.timestamp(now), id).update() == 1;
    }
}
