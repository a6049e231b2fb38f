-- Incidents, their timeline and notifications (docs/incidents.md); alert rule states and overrides.

create table incidents (
    id               uuid primary key,
    client_id        uuid not null references clients (id),
    server_id        uuid references servers (id),
    monitor_id       uuid,
    dedup_key        text not null,
    kind             text not null,
    severity         text not null,
    title            text not null,
    state            text not null,
    opened_at        timestamptz not null,
    acknowledged_at  timestamptz,
    acknowledged_by  uuid references users (id),
    resolved_at      timestamptz,
    last_notified_at timestamptz not null,
    supplier_ticket  text
);
-- One open incident per cause: a cause that fires again while open is the same incident.
create unique index incidents_open_key on incidents (dedup_key) where state <> 'RESOLVED';
create index incidents_client_opened on incidents (client_id, opened_at desc);
create index incidents_state on incidents (state) where state <> 'RESOLVED';

create table incident_events (
    id           bigint generated always as identity primary key,
    incident_id  uuid not null references incidents (id),
    at           timestamptz not null,
    type         text not null,
    actor_id     uuid references users (id),
    detail       text
);
create index incident_events_incident on incident_events (incident_id, id);

create table notification_channels (
    id          uuid primary key,
    client_id   uuid references clients (id),
    type        text not null,
    target      text not null,
    label       text not null,
    enabled     boolean not null,
    created_at  timestamptz not null
);

-- Written in the transaction of the incident's change: one row per event and channel.
create table notification_outbox (
    id               bigint generated always as identity primary key,
    event_id         bigint not null references incident_events (id),
    channel_id       uuid not null references notification_channels (id),
    created_at       timestamptz not null,
    attempts         integer not null default 0,
    next_attempt_at  timestamptz not null,
    delivered_at     timestamptz,
    last_error       text,
    unique (event_id, channel_id)
);
create index notification_outbox_due on notification_outbox (next_attempt_at) where delivered_at is null;

create table alert_states (
    server_id          uuid not null references servers (id),
    rule_key           text not null,
    subject            text not null,
    pending_since      timestamptz,
    firing             boolean not null,
    last_value         double precision,
    last_evaluated_at  timestamptz not null,
    primary key (server_id, rule_key, subject)
);

create table alert_overrides (
    id              uuid primary key,
    client_id       uuid not null references clients (id),
    server_id       uuid references servers (id),
    rule_key        text not null,
    enabled         boolean not null,
    threshold       double precision,
    recovery        double precision,
    for_seconds     integer,
    created_at      timestamptz not null
);
create unique index alert_overrides_scope on alert_overrides (client_id, coalesce(server_id, '00000000-0000-0000-0000-000000000000'::uuid), rule_key);
