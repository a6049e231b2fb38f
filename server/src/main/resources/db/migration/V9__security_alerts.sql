-- Detections the agents report (docs/security-hub.md, section 3): one row per security-alert message.

create table security_alerts (
    id            uuid primary key,
    client_id     uuid not null references clients (id),
    server_id     uuid not null references servers (id),
    rule          text not null,
    address       text not null,
    network       boolean not null,
    ban_seconds   bigint not null,
    detected_at   timestamptz not null,
    received_at   timestamptz not null,
    events        integer not null,
    samples       text[] not null
);
create index security_alerts_client on security_alerts (client_id, detected_at desc);
create index security_alerts_address on security_alerts (address, detected_at desc);
