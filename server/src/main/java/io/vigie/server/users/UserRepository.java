package io.vigie.server.users;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for the {@code users} table. */
@Repository
class UserRepository {

    private static final String COLUMNS =
            "id, email, display_name, role, client_id, locked_until, created_at, archived_at";
    private static final RowMapper<User> MAPPER = (rs, n) -> new User(rs.getObject("id", UUID.class),
            rs.getString("email"), rs.getString("display_name"), Role.valueOf(rs.getString("role")),
            rs.getObject("client_id", UUID.class), instant(rs.getTimestamp("locked_until")),
            instant(rs.getTimestamp("created_at")), instant(rs.getTimestamp("archived_at")));

    private final JdbcClient jdbc;

    UserRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static Instant instant(java.sql.Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }

    long count() {
        return jdbc.sql("select count(*) from users").query(Long.class).single();
    }

    Optional<User> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from users where id = ?").param(id).query(MAPPER).optional();
    }

    Optional<User> findByEmail(String email) {
        return jdbc.sql("select " + COLUMNS + " from users where lower(email) = lower(?)").param(email)
                .query(MAPPER).optional();
    }

    /** Login data: the user and its password hash, for the authentication provider only. */
    Optional<Credentials> credentials(String email) {
        return jdbc.sql("select " + COLUMNS + ", password_hash from users where lower(email) = lower(?)")
                .param(email)
                .query((rs, n) -> new Credentials(MAPPER.mapRow(rs, n), rs.getString("password_hash")))
                .optional();
    }

    List<User> list(UUID clientId, boolean includeArchived) {
        return jdbc.sql("select " + COLUMNS + " from users where (cast(? as uuid) is null or client_id = ?)"
                        + " and (? or archived_at is null) order by lower(email)")
                .params(clientId, clientId, includeArchived).query(MAPPER).list();
    }

    void insert(User u, String passwordHash) {
        jdbc.sql("insert into users (id, email, display_name, password_hash, role, client_id, created_at, updated_at)"
                        + " values (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(u.id(), u.email(), u.displayName(), passwordHash, u.role().name(), u.clientId(),
                        java.sql.Timestamp.from(u.createdAt()), java.sql.Timestamp.from(u.createdAt()))
                .update();
    }

    void update(User u, Instant now) {
        jdbc.sql("update users set email = ?, display_name = ?, role = ?, client_id = ?, updated_at = ? where id = ?")
                .params(u.email(), u.displayName(), u.role().name(), u.clientId(), java.sql.Timestamp.from(now), u.id())
                .update();
    }

    void setPassword(UUID id, String passwordHash, Instant now) {
        jdbc.sql("update users set password_hash = ?, updated_at = ? where id = ?")
                .params(passwordHash, java.sql.Timestamp.from(now), id).update();
    }

    void archive(UUID id, Instant now) {
        jdbc.sql("update users set archived_at = ?, updated_at = ? where id = ? and archived_at is null")
                .params(java.sql.Timestamp.from(now), java.sql.Timestamp.from(now), id).update();
    }

    /**
     * Records a failed login and locks the account once {@code maxFailures} consecutive failures
     * are reached. A failure after an expired lock starts a new count.
     */
    int recordFailedLogin(UUID id, int maxFailures, Instant lockUntil, Instant now) {
        return jdbc.sql("update users set"
                        + " failed_logins = case when locked_until is not null and locked_until <= ? then 1"
                        + "   else failed_logins + 1 end,"
                        + " locked_until = case when locked_until is not null and locked_until <= ? then null"
                        + "   when failed_logins + 1 >= ? then ? else locked_until end"
                        + " where id = ? returning failed_logins")
                .params(java.sql.Timestamp.from(now), java.sql.Timestamp.from(now), maxFailures,
                        java.sql.Timestamp.from(lockUntil), id)
                .query(Integer.class).single();
    }

    void resetFailedLogins(UUID id) {
        jdbc.sql("update users set failed_logins = 0, locked_until = null where id = ?").param(id).update();
    }

    /**
     * A user with its password hash.
     *
     * @param user the user
     * @param passwordHash the encoded password
     */
    record Credentials(User user, String passwordHash) {
    }
}
