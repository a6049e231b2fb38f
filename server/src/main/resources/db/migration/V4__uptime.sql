-- Uptime monitors and their check results (docs/uptime.md).

create table uptime_monitors (
    id                 uuid primary key,
    client_id          uuid not null references clients (id),
    server_id          uuid references servers (id),
    type               text not null check (type in ('HTTP', 'TCP', 'DNS')),
    name               text not null,
    target             text not null,
    interval_seconds   integer not null default 60 check (interval_seconds between 20 and 3600),
    timeout_seconds    integer not null default 10 check (timeout_seconds between 1 and 30),
    expected_status    text not null default '200-399',
    keyword            text,
    cert_warning_days  integer not null default 14 check (cert_warning_days between 0 and 365),
    expected_address   text,
    enabled            boolean not null default true,
    created_at         timestamptz not null,
    updated_at         timestamptz not null,
    archived_at        timestamptz
);
create index uptime_monitors_client on uptime_monitors (client_id, lower(name));
create index uptime_monitors_name on uptime_monitors (lower(name), id) where archived_at is null;

-- One row per check attempt: attempt 2 is the retry that confirms a failure.
create table uptime_results (
    monitor_id      uuid not null references uptime_monitors (id),
    at              timestamptz not null,
    attempt         smallint not null default 1,
    ok              boolean not null,
    response_ms     integer,
    status_code     integer,
    error           text,
    cert_days_left  integer
);
create index uptime_results_monitor_at on uptime_results (monitor_id, at desc);
create index uptime_results_at on uptime_results (at);

-- The incidents of a monitor, for its page.
create index incidents_monitor on incidents (monitor_id, opened_at desc) where monitor_id is not null;
