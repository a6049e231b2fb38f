package io.vigie.server.uptime;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.vigie.server.platform.SqlTime;

/** SQL for {@code uptime_monitors} and {@code uptime_results}. */
@Repository
class UptimeRepository {

    private static final String OUTCOME = "(r.ok or r.attempt > 1)";

    private static final RowMapper<Monitor> MONITOR = (rs, n) -> new Monitor(rs.getObject("id", UUID.class),
            rs.getObject("client_id", UUID.class), rs.getObject("server_id", UUID.class),
            MonitorType.valueOf(rs.getString("type")), rs.getString("name"), rs.getString("target"),
            rs.getInt("interval_seconds"), rs.getInt("timeout_seconds"), rs.getString("expected_status"),
            rs.getString("keyword"), rs.getInt("cert_warning_days"), rs.getString("expected_address"),
            rs.getBoolean("enabled"), instant(rs, "created_at"), instant(rs, "updated_at"), instant(rs, "archived_at"));

    private static final RowMapper<CheckResult> RESULT = (rs, n) -> new CheckResult(instant(rs, "at"),
            rs.getInt("attempt"), rs.getBoolean("ok"), rs.getObject("response_ms", Integer.class),
            rs.getObject("status_code", Integer.class), rs.getString("error"),
            rs.getObject("cert_days_left", Integer.class));

    private final JdbcClient jdbc;

    UptimeRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return SqlTime.instant(rs.getTimestamp(column));
    }

    Optional<Monitor> find(UUID id) {
        return jdbc.sql("select * from uptime_monitors where id = ?").param(id).query(MONITOR).optional();
    }

    List<Monitor> list(UUID clientId, boolean includeArchived) {
        return jdbc.sql("select * from uptime_monitors where (cast(? as uuid) is null or client_id = ?)"
                        + " and (? or archived_at is null) order by lower(name), id")
                .params(clientId, clientId, includeArchived).query(MONITOR).list();
    }

    /** @return the monitors attached to a server and not archived */
    List<Monitor> ofServer(UUID serverId) {
        return jdbc.sql("select * from uptime_monitors where server_id = ? and archived_at is null"
                        + " order by lower(name), id").param(serverId).query(MONITOR).list();
    }

    /** @return the monitors the scheduler checks */
    List<Monitor> active() {
        return jdbc.sql("select * from uptime_monitors where enabled and archived_at is null").query(MONITOR).list();
    }

    /**
     * One page of monitors with their state, in one query: the last outcome and the outcomes of
     * the last 24 h of each monitor of the page come from the results index by lateral joins.
     */
    MonitorPage page(UUID clientId, boolean includeArchived, Instant since, int page, int size) {
        long[] total = {0};
        List<MonitorSummary> rows = jdbc.sql("select m.*, last.ok as last_ok, last.at as last_at,"
                        + " last.response_ms as last_ms, day.outcomes, day.successes from ("
                        + " select *, count(*) over () as total from uptime_monitors"
                        + " where (cast(? as uuid) is null or client_id = ?) and (? or archived_at is null)"
                        + " order by lower(name), id limit ? offset ?) m"
                        + " left join lateral (select r.ok, r.at, r.response_ms from uptime_results r"
                        + " where r.monitor_id = m.id and " + OUTCOME + " order by r.at desc limit 1) last on true"
                        + " left join lateral (select count(*) as outcomes, count(*) filter (where r.ok) as successes"
                        + " from uptime_results r where r.monitor_id = m.id and r.at >= ? and " + OUTCOME
                        + ") day on true order by lower(m.name), m.id")
                .params(clientId, clientId, includeArchived, size, (long) page * size, SqlTime.timestamp(since))
                .query((rs, n) -> {
                    total[0] = rs.getLong("total");
                    Monitor monitor = MONITOR.mapRow(rs, n);
                    Boolean lastOk = rs.getObject("last_ok", Boolean.class);
                    long outcomes = rs.getLong("outcomes");
                    MonitorSummary.State state = lastOk == null || !monitor.active() ? MonitorSummary.State.UNKNOWN
                            : lastOk ? MonitorSummary.State.UP : MonitorSummary.State.DOWN;
                    return new MonitorSummary(monitor, state, instant(rs, "last_at"),
                            rs.getObject("last_ms", Integer.class),
                            outcomes == 0 ? null : rs.getLong("successes") / (double) outcomes);
                })
                .list();
        return new MonitorPage(rows, total[0], page, size);
    }

    void insert(Monitor m) {
        jdbc.sql("insert into uptime_monitors (id, client_id, server_id, type, name, target, interval_seconds,"
                        + " timeout_seconds, expected_status, keyword, cert_warning_days, expected_address, enabled,"
                        + " created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(m.id(), m.clientId(), m.serverId(), m.type().name(), m.name(), m.target(), m.intervalSeconds(),
                        m.timeoutSeconds(), m.expectedStatus(), m.keyword(), m.certWarningDays(), m.expectedAddress(),
                        m.enabled(), SqlTime.timestamp(m.createdAt()), SqlTime.timestamp(m.updatedAt()))
                .update();
    }

    void update(Monitor m) {
        jdbc.sql("update uptime_monitors set server_id = ?, type = ?, name = ?, target = ?, interval_seconds = ?,"
                        + " timeout_seconds = ?, expected_status = ?, keyword = ?, cert_warning_days = ?,"
                        + " expected_address = ?, enabled = ?, updated_at = ?, archived_at = ? where id = ?")
                .params(m.serverId(), m.type().name(), m.name(), m.target(), m.intervalSeconds(), m.timeoutSeconds(),
                        m.expectedStatus(), m.keyword(), m.certWarningDays(), m.expectedAddress(), m.enabled(),
                        SqlTime.timestamp(m.updatedAt()), SqlTime.timestamp(m.archivedAt()), m.id())
                .update();
    }

    void insertResult(UUID monitorId, CheckResult r) {
        jdbc.sql("insert into uptime_results (monitor_id, at, attempt, ok, response_ms, status_code, error,"
                        + " cert_days_left) values (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(monitorId, SqlTime.timestamp(r.at()), r.attempt(), r.ok(), r.responseMs(), r.statusCode(),
                        r.error(), r.certDaysLeft())
                .update();
    }

    /** @return the attempts of a monitor in {@code [from, to)}, newest first */
    List<CheckResult> results(UUID monitorId, Instant from, Instant to, int limit) {
        return jdbc.sql("select * from uptime_results where monitor_id = ? and at >= ? and at < ?"
                        + " order by at desc, attempt desc limit ?")
                .params(monitorId, SqlTime.timestamp(from), SqlTime.timestamp(to), limit).query(RESULT).list();
    }

    /** @return how many results older than the instant were deleted */
    int deleteResultsBefore(Instant before) {
        return jdbc.sql("delete from uptime_results where at < ?").param(SqlTime.timestamp(before)).update();
    }
}
