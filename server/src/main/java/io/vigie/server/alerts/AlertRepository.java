package io.vigie.server.alerts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.vigie.server.platform.SqlTime;

/** States of the rules per server and subject, and the overrides of clients and servers. */
@Repository
class AlertRepository {

    private final JdbcClient jdbc;

    AlertRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * @param pendingSince since when the value has been past the threshold, or null
     * @param firing whether the rule fired (its incident is open)
     */
    record State(Instant pendingSince, boolean firing) {
    }

    /** @return the states of a server's rules, by rule key and subject ("key subject") */
    Map<String, State> states(UUID serverId) {
        Map<String, State> states = new HashMap<>();
        jdbc.sql("select rule_key, subject, pending_since, firing from alert_states where server_id = ?")
                .param(serverId)
                .query(rs -> {
                    states.put(rs.getString(1) + " " + rs.getString(2),
                            new State(SqlTime.instant(rs.getTimestamp(3)), rs.getBoolean(4)));
                });
        return states;
    }

    void saveState(UUID serverId, String rule, String subject, State state, double value, Instant now) {
        jdbc.sql("insert into alert_states (server_id, rule_key, subject, pending_since, firing, last_value,"
                        + " last_evaluated_at) values (?, ?, ?, ?, ?, ?, ?) on conflict (server_id, rule_key, subject)"
                        + " do update set pending_since = excluded.pending_since, firing = excluded.firing,"
                        + " last_value = excluded.last_value, last_evaluated_at = excluded.last_evaluated_at")
                .params(serverId, rule, subject, SqlTime.timestamp(state.pendingSince()), state.firing(), value,
                        SqlTime.timestamp(now))
                .update();
    }

    /**
     * @param serverId null for a client-wide override
     * @param enabled whether the rule applies
     * @param threshold overridden threshold, or null
     * @param recovery overridden recovery threshold, or null
     * @param forSeconds overridden duration, or null
     */
    record Override(UUID serverId, boolean enabled, Double threshold, Double recovery, Integer forSeconds) {
    }

    /** @return the overrides of a client and of its servers, by rule key */
    Map<String, List<Override>> overrides(UUID clientId) {
        Map<String, List<Override>> byRule = new HashMap<>();
        jdbc.sql("select rule_key, server_id, enabled, threshold, recovery, for_seconds from alert_overrides"
                        + " where client_id = ?")
                .param(clientId)
                .query(rs -> {
                    byRule.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new Override(
                            rs.getObject(2, UUID.class), rs.getBoolean(3), (Double) rs.getObject(4),
                            (Double) rs.getObject(5), (Integer) rs.getObject(6)));
                });
        return byRule;
    }

    void saveOverride(UUID clientId, UUID serverId, String rule, Override o, Instant now) {
        jdbc.sql("delete from alert_overrides where client_id = ? and server_id is not distinct from ? and rule_key = ?")
                .params(clientId, serverId, rule).update();
        jdbc.sql("insert into alert_overrides (id, client_id, server_id, rule_key, enabled, threshold, recovery,"
                        + " for_seconds, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(UUID.randomUUID(), clientId, serverId, rule, o.enabled(), o.threshold(), o.recovery(),
                        o.forSeconds(), SqlTime.timestamp(now))
                .update();
    }
}
