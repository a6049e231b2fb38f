package io.vigie.server.metrics;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.vigie.server.platform.SqlTime;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The metric tables (docs/metrics-storage.md). */
@Repository
class MetricRepository {

    private static final TypeReference<Map<String, String>> LABELS = new TypeReference<>() {
    };

    /** A row of series, bucket, min, max, sum, count, last and last time. */
    private static final RowMapper<Rollup> ROLLUP_ROW = (rs, n) -> new Rollup(rs.getLong(1), rs.getTimestamp(2).getTime(),
            new Aggregate(rs.getDouble(3), rs.getDouble(4), rs.getDouble(5), rs.getLong(6), rs.getDouble(7),
                    rs.getTimestamp(8).getTime()));

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final JsonMapper json;

    MetricRepository(JdbcClient jdbc, JdbcTemplate template, JsonMapper json) {
        this.jdbc = jdbc;
        this.template = template;
        this.json = json;
    }

    /**
     * A series of one server or monitor.
     *
     * @param id identifier
     * @param name metric name
     * @param labels its labels
     */
    record Series(long id, String name, Map<String, String> labels) {
    }

    /** @return the column of {@code metric_series} that holds an owner of this kind */
    private static String ownerColumn(MetricCatalog.Owner owner) {
        return switch (owner) {
            case SERVER -> "server_id";
            case MONITOR -> "monitor_id";
        };
    }

    /**
     * @param owner a server or a monitor
     * @param ownerId its id
     * @param name metric name
     * @param labelsJson canonical JSON of the labels (sorted keys)
     * @param now first time seen
     * @return the series id, created if new
     */
    long seriesId(MetricCatalog.Owner owner, UUID ownerId, String name, String labelsJson, Instant now) {
        String column = ownerColumn(owner);
        String conflict = owner == MetricCatalog.Owner.SERVER ? "(server_id, name, labels)"
                : "(monitor_id, name, labels) where monitor_id is not null";
        Optional<Long> created = jdbc.sql("insert into metric_series (" + column + ", name, labels, first_seen_at)"
                        + " values (?, ?, cast(? as jsonb), ?) on conflict " + conflict + " do nothing returning id")
                .params(ownerId, name, labelsJson, SqlTime.timestamp(now)).query(Long.class).optional();
        return created.orElseGet(() -> jdbc.sql("select id from metric_series where " + column + " = ? and name = ?"
                        + " and labels = cast(? as jsonb)")
                .params(ownerId, name, labelsJson).query(Long.class).single());
    }

    /**
     * Inserts the samples of one round; a sample already stored (same series and time) is kept.
     *
     * @param at the round's time
     * @param seriesIds series of each sample
     * @param values value of each sample
     * @param count number of samples
     */
    void insertSamples(Instant at, long[] seriesIds, double[] values, int count) {
        template.execute((Connection c) -> {
            try (PreparedStatement ps = c.prepareStatement("insert into metric_samples (series_id, at, value)"
                    + " select s, ?, v from unnest(?::bigint[], ?::float8[]) as t(s, v) on conflict do nothing")) {
                Long[] ids = new Long[count];
                Double[] vs = new Double[count];
                for (int i = 0; i < count; i++) {
                    ids[i] = seriesIds[i];
                    vs[i] = values[i];
                }
                Array idArray = c.createArrayOf("bigint", ids);
                Array valueArray = c.createArrayOf("float8", vs);
                ps.setTimestamp(1, SqlTime.timestamp(at));
                ps.setArray(2, idArray);
                ps.setArray(3, valueArray);
                ps.executeUpdate();
                idArray.free();
                valueArray.free();
            }
            return null;
        });
    }

    /**
     * @param owner a server or a monitor
     * @param ownerId its id
     * @param name metric name
     * @return its series of that name
     */
    List<Series> series(MetricCatalog.Owner owner, UUID ownerId, String name) {
        return jdbc.sql("select id, name, labels::text from metric_series where " + ownerColumn(owner)
                        + " = ? and name = ? order by id")
                .params(ownerId, name)
                .query((rs, n) -> new Series(rs.getLong(1), rs.getString(2), json.readValue(rs.getString(3), LABELS)))
                .list();
    }

    /**
     * A time and a value, in epoch milliseconds.
     *
     * @param seriesId the series
     * @param at time in epoch milliseconds
     * @param value value
     */
    record Sample(long seriesId, long at, double value) {
    }

    /** @return the plain (not yet compacted) samples of these series in [from, to), by series and time */
    List<Sample> plainSamples(long[] seriesIds, Instant from, Instant to) {
        return template.query(c -> {
            PreparedStatement ps = c.prepareStatement("select series_id, at, value from metric_samples"
                    + " where series_id = any(?) and at >= ? and at < ? order by series_id, at");
            bind(c, ps, seriesIds, from, to);
            return ps;
        }, (rs, n) -> new Sample(rs.getLong(1), rs.getTimestamp(2).getTime(), rs.getDouble(3)));
    }

    /**
     * A compressed block.
     *
     * @param seriesId the series
     * @param windowStart start of its window
     * @param data the encoded samples
     */
    record Block(long seriesId, Instant windowStart, byte[] data) {
    }

    /** @return the blocks of these series that may hold samples in [from, to) */
    List<Block> blocks(long[] seriesIds, Instant from, Instant to) {
        return template.query(c -> {
            PreparedStatement ps = c.prepareStatement("select series_id, window_start, data from metric_blocks"
                    + " where series_id = any(?) and last_at >= ? and first_at < ? order by series_id, window_start");
            bind(c, ps, seriesIds, from, to);
            return ps;
        }, (rs, n) -> new Block(rs.getLong(1), SqlTime.instant(rs.getTimestamp(2)), rs.getBytes(3)));
    }

    /**
     * An aggregate row of a rollup table, or of plain samples grouped by bucket.
     *
     * @param seriesId the series
     * @param bucket bucket start in epoch milliseconds
     * @param aggregate its aggregate
     */
    record Rollup(long seriesId, long bucket, Aggregate aggregate) {
    }

    /**
     * @param resolution 5-minute or 1-hour rollups
     * @return the buckets of these series in [from, to): from the rollup blocks, from the rollup
     *         rows written before the blocks existed (until their retention ends), then the plain
     *         samples of the same range aggregated by bucket (not compacted yet); a bucket may
     *         come several times, to be combined
     */
    List<Rollup> rollups(Resolution resolution, long[] seriesIds, Instant from, Instant to) {
        long fromMs = from.toEpochMilli();
        long toMs = to.toEpochMilli();
        List<Rollup> rows = new ArrayList<>();
        template.query(c -> {
            PreparedStatement ps = c.prepareStatement("select series_id, data from metric_rollup_blocks"
                    + " where series_id = any(?) and bucket_minutes = ? and period_start > ? and period_start < ?");
            ps.setArray(1, c.createArrayOf("bigint", boxed(seriesIds)));
            ps.setInt(2, bucketMinutes(resolution));
            ps.setTimestamp(3, SqlTime.timestamp(from.minus(resolution.blockPeriod())));
            ps.setTimestamp(4, SqlTime.timestamp(to));
            return ps;
        }, rs -> {
            long seriesId = rs.getLong(1);
            RollupBlock.Decoded block = RollupBlock.decode(rs.getBytes(2));
            for (int i = 0; i < block.buckets().length; i++) {
                long bucket = block.buckets()[i];
                if (bucket >= fromMs && bucket < toMs) {
                    rows.add(new Rollup(seriesId, bucket, block.aggregates()[i]));
                }
            }
        });
        String table = resolution == Resolution.FIVE_MINUTES ? "metric_rollups_5m" : "metric_rollups_1h";
        String width = resolution == Resolution.FIVE_MINUTES ? "5 minutes" : "1 hour";
        rows.addAll(template.query(c -> {
            PreparedStatement ps = c.prepareStatement("select series_id, bucket, min, max, sum, count, last, last_at"
                    + " from " + table + " where series_id = any(?) and bucket >= ? and bucket < ?");
            bind(c, ps, seriesIds, from, to);
            return ps;
        }, ROLLUP_ROW));
        rows.addAll(template.query(c -> {
            PreparedStatement ps = c.prepareStatement("select series_id, date_bin('" + width
                    + "', at, timestamptz 'epoch') as bucket, min(value), max(value), sum(value), count(*),"
                    + " (array_agg(value order by at desc))[1], max(at)"
                    + " from metric_samples where series_id = any(?) and at >= ? and at < ? group by 1, 2");
            bind(c, ps, seriesIds, from, to);
            return ps;
        }, ROLLUP_ROW));
        return rows;
    }

    // --- compaction and retention

    /**
     * A series and one of its windows that has plain samples to compact.
     *
     * @param seriesId the series
     * @param windowStart start of the window
     */
    record Window(long seriesId, Instant windowStart) {
    }

    /** @return up to {@code limit} windows with plain samples older than {@code before} */
    List<Window> windowsToCompact(Instant before, Duration window, int limit) {
        return jdbc.sql("select series_id, date_bin(cast(? as interval), at, timestamptz 'epoch') as w"
                        + " from metric_samples where at < ? group by 1, 2 order by 2, 1 limit ?")
                .params(window.toSeconds() + " seconds", SqlTime.timestamp(before), limit)
                .query((rs, n) -> new Window(rs.getLong(1), SqlTime.instant(rs.getTimestamp(2)))).list();
    }

    /** Deletes the plain samples of a window and returns them, in time order. */
    List<Sample> takePlainSamples(long seriesId, Instant from, Instant to) {
        return jdbc.sql("with taken as (delete from metric_samples where series_id = ? and at >= ? and at < ?"
                        + " returning at, value) select at, value from taken order by at")
                .params(seriesId, SqlTime.timestamp(from), SqlTime.timestamp(to))
                .query((rs, n) -> new Sample(seriesId, rs.getTimestamp(1).getTime(), rs.getDouble(2))).list();
    }

    /** @return the block of a window, locked for the compaction's transaction, if there is one */
    Optional<byte[]> blockForUpdate(long seriesId, Instant windowStart) {
        return jdbc.sql("select data from metric_blocks where series_id = ? and window_start = ? for update")
                .params(seriesId, SqlTime.timestamp(windowStart)).query(byte[].class).optional();
    }

    void upsertBlock(long seriesId, Instant windowStart, long firstAt, long lastAt, int samples, byte[] data) {
        jdbc.sql("insert into metric_blocks (series_id, window_start, first_at, last_at, samples, data)"
                        + " values (?, ?, ?, ?, ?, ?) on conflict (series_id, window_start) do update set"
                        + " first_at = excluded.first_at, last_at = excluded.last_at, samples = excluded.samples,"
                        + " data = excluded.data")
                .params(seriesId, SqlTime.timestamp(windowStart), SqlTime.timestamp(Instant.ofEpochMilli(firstAt)),
                        SqlTime.timestamp(Instant.ofEpochMilli(lastAt)), samples, data)
                .update();
    }

    /** @return the rollup block of a period, locked for the compaction's transaction, if there is one */
    Optional<byte[]> rollupBlockForUpdate(long seriesId, Resolution resolution, Instant periodStart) {
        return jdbc.sql("select data from metric_rollup_blocks where series_id = ? and bucket_minutes = ?"
                        + " and period_start = ? for update")
                .params(seriesId, bucketMinutes(resolution), SqlTime.timestamp(periodStart)).query(byte[].class)
                .optional();
    }

    void upsertRollupBlock(long seriesId, Resolution resolution, Instant periodStart, byte[] data) {
        jdbc.sql("insert into metric_rollup_blocks (series_id, period_start, bucket_minutes, data) values (?, ?, ?, ?)"
                        + " on conflict (series_id, bucket_minutes, period_start) do update set data = excluded.data")
                .params(seriesId, SqlTime.timestamp(periodStart), bucketMinutes(resolution), data).update();
    }

    /**
     * Deletes what is past its retention.
     *
     * @return rows deleted from blocks, plain samples, 5-minute and 1-hour rollup blocks (those
     *         whose whole period is past), 5-minute and 1-hour rollup rows
     */
    int[] deleteExpired(Instant rawBefore, Instant fiveMinutesBefore, Instant oneHourBefore) {
        return new int[] {
            jdbc.sql("delete from metric_blocks where last_at < ?").param(SqlTime.timestamp(rawBefore)).update(),
            jdbc.sql("delete from metric_samples where at < ?").param(SqlTime.timestamp(rawBefore)).update(),
            deleteRollupBlocks(Resolution.FIVE_MINUTES, fiveMinutesBefore),
            deleteRollupBlocks(Resolution.ONE_HOUR, oneHourBefore),
            jdbc.sql("delete from metric_rollups_5m where bucket < ?").param(SqlTime.timestamp(fiveMinutesBefore)).update(),
            jdbc.sql("delete from metric_rollups_1h where bucket < ?").param(SqlTime.timestamp(oneHourBefore)).update()};
    }

    private int deleteRollupBlocks(Resolution resolution, Instant before) {
        return jdbc.sql("delete from metric_rollup_blocks where bucket_minutes = ? and period_start <= ?")
                .params(bucketMinutes(resolution), SqlTime.timestamp(before.minus(resolution.blockPeriod()))).update();
    }

    private static int bucketMinutes(Resolution resolution) {
        return (int) resolution.bucket().toMinutes();
    }

    private static void bind(Connection c, PreparedStatement ps, long[] seriesIds, Instant from, Instant to)
            throws SQLException {
        ps.setArray(1, c.createArrayOf("bigint", boxed(seriesIds)));
        ps.setTimestamp(2, SqlTime.timestamp(from));
        ps.setTimestamp(3, SqlTime.timestamp(to));
    }

    private static Long[] boxed(long[] values) {
        Long[] boxed = new Long[values.length];
        for (int i = 0; i < values.length; i++) {
            boxed[i] = values[i];
        }
        return boxed;
    }
}
