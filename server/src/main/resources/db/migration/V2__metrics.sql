-- Metric store: see docs/metrics-storage.md.

create table metric_series (
    id             bigint generated always as identity primary key,
    server_id      uuid not null references servers (id),
    name           text not null,
    labels         jsonb not null,
    first_seen_at  timestamptz not null,
    unique (server_id, name, labels)
);

-- Samples not compacted yet. No foreign key: inserts stay cheap; series are referenced by id.
create table metric_samples (
    series_id  bigint not null,
    at         timestamptz not null,
    value      double precision not null,
    primary key (series_id, at)
);

-- One compressed block per series and 6-hour window (docs/metrics-storage.md#block-encoding).
create table metric_blocks (
    series_id     bigint not null,
    window_start  timestamptz not null,
    first_at      timestamptz not null,
    last_at       timestamptz not null,
    samples       integer not null,
    data          bytea not null,
    primary key (series_id, window_start)
);
-- The blocks are compressed already: no TOAST compression attempt.
alter table metric_blocks alter column data set storage external;

create table metric_rollups_5m (
    series_id  bigint not null,
    bucket     timestamptz not null,
    min        double precision not null,
    max        double precision not null,
    sum        double precision not null,
    count      integer not null,
    last       double precision not null,
    last_at    timestamptz not null,
    primary key (series_id, bucket)
);

create table metric_rollups_1h (like metric_rollups_5m including all);

-- db-scheduler's table (one execution of each recurring job per cluster).
create table scheduled_tasks (
    task_name             text not null,
    task_instance         text not null,
    task_data             bytea,
    execution_time        timestamptz not null,
    picked                boolean not null,
    picked_by             text,
    last_success          timestamptz,
    last_failure          timestamptz,
    consecutive_failures  int,
    last_heartbeat        timestamptz,
    version               bigint not null,
    priority              smallint,
    primary key (task_name, task_instance)
);
create index scheduled_tasks_execution_time_idx on scheduled_tasks (execution_time);
create index scheduled_tasks_last_heartbeat_idx on scheduled_tasks (last_heartbeat);
create index scheduled_tasks_priority_execution_time_idx on scheduled_tasks (priority desc, execution_time asc);
