package io.vigie.server.security;

import java.sql.Array;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.vigie.server.platform.SqlTime;

/** The table of the detections agents report. */
@Repository
class SecurityRepository {

    private static final RowMapper<SecurityAlertRecord> ALERT = (rs, n) -> new SecurityAlertRecord(
            rs.getObject("id", UUID.class), rs.getObject("client_id", UUID.class), rs.getObject("server_id", UUID.class),
            rs.getString("rule"), rs.getString("address"), rs.getBoolean("network"), rs.getLong("ban_seconds"),
            SqlTime.instant(rs.getTimestamp("detected_at")), SqlTime.instant(rs.getTimestamp("received_at")),
            rs.getInt("events"), samples(rs.getArray("samples")));

    private final JdbcClient jdbc;

    SecurityRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static List<String> samples(Array array) throws SQLException {
        return Arrays.stream((Object[]) array.getArray()).map(String::valueOf).toList();
    }

    void insert(SecurityAlertRecord a) {
        jdbc.sql("insert into security_alerts (id, client_id, server_id, rule, address, network, ban_seconds,"
                        + " detected_at, received_at, events, samples) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(a.id(), a.clientId(), a.serverId(), a.rule(), a.address(), a.network(), a.banSeconds(),
                        SqlTime.timestamp(a.detectedAt()), SqlTime.timestamp(a.receivedAt()), a.events(),
                        a.samples().toArray(String[]::new))
                .update();
    }

    /** @return the newest alerts of a client (every client for null) */
    List<SecurityAlertRecord> list(UUID clientId, int limit) {
        return jdbc.sql("select * from security_alerts where (cast(? as uuid) is null or client_id = ?)"
                        + " order by detected_at desc limit ?")
                .params(clientId, clientId, limit).query(ALERT).list();
    }
}
