-- Maintenance windows (docs/maintenance.md): announced periods that silence notifications and are
-- left out of the availability report.

create table maintenance_windows (
    id                uuid primary key,
    client_id         uuid not null references clients (id),
    server_id         uuid references servers (id),
    monitor_id        uuid references uptime_monitors (id),
    title             text not null,
    recurrence        text not null check (recurrence in ('ONCE', 'DAILY', 'WEEKLY')),
    -- The first occurrence, as local date-time and zone: a recurring window keeps its local time.
    start_local       timestamp not null,
    zone              text not null,
    first_start       timestamptz not null,
    duration_minutes  integer not null check (duration_minutes between 1 and 44640),
    -- WEEKLY: ISO day numbers, 1 = Monday ... 7 = Sunday.
    weekdays          smallint[] not null default '{}',
    ends_on           date,
    created_by        uuid references users (id),
    created_at        timestamptz not null,
    ended_at          timestamptz,
    check (server_id is null or monitor_id is null)
);
create index maintenance_windows_client on maintenance_windows (client_id, first_start desc);

-- An incident opened during a maintenance window: its notifications are held until the window ends.
alter table incidents add column silenced boolean not null default false;
create index incidents_silenced on incidents (id) where silenced and state <> 'RESOLVED';

-- The client's contacts flagged "notifications" receive incident notifications by e-mail too
-- (docs/incidents.md): an outbox row goes to a channel or to a contact's address, kept in the row
-- so that a notification queued before the contact was removed is still delivered.
alter table notification_outbox alter column channel_id drop not null;
alter table notification_outbox add column contact_email text;
alter table notification_outbox add constraint notification_outbox_one_recipient
    check ((channel_id is null) <> (contact_email is null));
alter table notification_outbox add constraint notification_outbox_contact_once unique (event_id, contact_email);
