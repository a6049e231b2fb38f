-- Compact storage of the metric store (docs/metrics-storage.md#size-at-rest).

-- Blocks are compressed already (no TOAST compression attempt, set in V2) and, at about a byte a
-- sample, a 6-hour window takes a few hundred bytes to a few KB: keep them in the table up to a
-- page rather than moving those over 2 KB to TOAST chunks (a pointer, chunk rows and a TOAST
-- index entry each). Applies to blocks written from now on.
alter table metric_blocks set (toast_tuple_target = 8160);

-- Rollups in compressed blocks (docs/metrics-storage.md#rollup-blocks): one row per series,
-- resolution and period (a day of 5-minute buckets, 7 days of 1-hour buckets) instead of one
-- row per bucket. The rows of metric_rollups_5m and metric_rollups_1h written before are still
-- read, no longer written, and deleted by the retention as before.
create table metric_rollup_blocks (
    series_id       bigint not null,
    period_start    timestamptz not null,
    bucket_minutes  smallint not null,
    data            bytea not null,
    primary key (series_id, bucket_minutes, period_start)
) with (toast_tuple_target = 8160);
alter table metric_rollup_blocks alter column data set storage external;
