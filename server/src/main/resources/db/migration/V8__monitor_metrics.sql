-- Series of uptime monitors (docs/metrics-storage.md): a series belongs to a server (agent
-- metrics) or to an uptime monitor (probe_duration_seconds, probe_success, ...), never both. A
-- monitor's series stay its own when it is attached to another server, or to none.
alter table metric_series alter column server_id drop not null;
alter table metric_series add column monitor_id uuid references uptime_monitors (id);
alter table metric_series add constraint metric_series_one_owner check ((server_id is null) <> (monitor_id is null));
create unique index metric_series_monitor on metric_series (monitor_id, name, labels) where monitor_id is not null;

-- The response time chart of a server's page finds the monitors attached to it.
create index uptime_monitors_server on uptime_monitors (server_id) where server_id is not null;
