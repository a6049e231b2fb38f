package io.vigie.server.maintenance;

import java.sql.Array;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.vigie.server.platform.SqlTime;

/** The table of maintenance windows. */
@Repository
class MaintenanceRepository {

    private static final RowMapper<MaintenanceWindow> WINDOW = (rs, n) -> new MaintenanceWindow(
            rs.getObject("id", UUID.class), rs.getObject("client_id", UUID.class),
            rs.getObject("server_id", UUID.class), rs.getObject("monitor_id", UUID.class), rs.getString("title"),
            MaintenanceWindow.Recurrence.valueOf(rs.getString("recurrence")),
            rs.getTimestamp("start_local").toLocalDateTime(), ZoneId.of(rs.getString("zone")),
            SqlTime.instant(rs.getTimestamp("first_start")), rs.getInt("duration_minutes"),
            weekdays(rs.getArray("weekdays")), rs.getObject("ends_on", LocalDate.class),
            rs.getObject("created_by", UUID.class), SqlTime.instant(rs.getTimestamp("created_at")),
            SqlTime.instant(rs.getTimestamp("ended_at")));

    private final JdbcClient jdbc;

    MaintenanceRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static Set<DayOfWeek> weekdays(Array array) throws SQLException {
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (Object day : (Object[]) array.getArray()) {
            days.add(DayOfWeek.of(((Number) day).intValue()));
        }
        return days;
    }

    private static Integer[] isoDays(Set<DayOfWeek> days) {
        return days.stream().map(DayOfWeek::getValue).sorted().toArray(Integer[]::new);
    }

    void insert(MaintenanceWindow w) {
        jdbc.sql("insert into maintenance_windows (id, client_id, server_id, monitor_id, title, recurrence,"
                        + " start_local, zone, first_start, duration_minutes, weekdays, ends_on, created_by, created_at)"
                        + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, cast(? as smallint[]), ?, ?, ?)")
                .params(w.id(), w.clientId(), w.serverId(), w.monitorId(), w.title(), w.recurrence().name(),
                        w.start(), w.zone().getId(), SqlTime.timestamp(w.firstStart()), w.durationMinutes(),
                        isoDays(w.weekdays()), w.endsOn(), w.createdBy(), SqlTime.timestamp(w.createdAt()))
                .update();
    }

    void update(MaintenanceWindow w) {
        jdbc.sql("update maintenance_windows set server_id = ?, monitor_id = ?, title = ?, recurrence = ?,"
                        + " start_local = ?, zone = ?, first_start = ?, duration_minutes = ?,"
                        + " weekdays = cast(? as smallint[]), ends_on = ? where id = ?")
                .params(w.serverId(), w.monitorId(), w.title(), w.recurrence().name(), w.start(), w.zone().getId(),
                        SqlTime.timestamp(w.firstStart()), w.durationMinutes(), isoDays(w.weekdays()), w.endsOn(),
                        w.id())
                .update();
    }

    void end(UUID id, Instant at) {
        jdbc.sql("update maintenance_windows set ended_at = ? where id = ?").params(SqlTime.timestamp(at), id).update();
    }

    Optional<MaintenanceWindow> find(UUID id) {
        return jdbc.sql("select * from maintenance_windows where id = ?").param(id).query(WINDOW).optional();
    }

    /** @return the windows of a client (every client for null), the latest first */
    List<MaintenanceWindow> list(UUID clientId, int limit) {
        return jdbc.sql("select * from maintenance_windows where (cast(? as uuid) is null or client_id = ?)"
                        + " order by first_start desc limit ?")
                .params(clientId, clientId, limit).query(WINDOW).list();
    }

    /**
     * @return the windows of a client that may have an occurrence overlapping {@code [from, to)} and
     *         cover the given server or monitor (or the whole client)
     */
    List<MaintenanceWindow> candidates(UUID clientId, UUID serverId, UUID monitorId, Instant from, Instant to) {
        return jdbc.sql("select * from maintenance_windows where client_id = ? and first_start < ?"
                        + " and (ended_at is null or ended_at > ?)"
                        // Past one-off windows, and recurring ones whose last day is over a week old (an
                        // occurrence lasts less than a week), cannot overlap.
                        + " and (recurrence <> 'ONCE' or first_start + make_interval(mins => duration_minutes) > ?)"
                        + " and (ends_on is null or ends_on + 8 >= cast(? as date))"
                        + " and ((server_id is null and monitor_id is null) or server_id = ? or monitor_id = ?)")
                .params(clientId, SqlTime.timestamp(to), SqlTime.timestamp(from), SqlTime.timestamp(from),
                        from.atZone(ZoneOffset.UTC).toLocalDate(), serverId, monitorId)
                .query(WINDOW).list();
    }
}
