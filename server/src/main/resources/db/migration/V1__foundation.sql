-- Foundation schema: clients, contracts, servers, users, API tokens, agents, audit.
-- Every row that belongs to a client carries client_id (tenancy, see ARCHITECTURE.md).

create table clients (
    id              uuid primary key,
    name            text not null check (length(name) between 1 and 200),
    siren           char(9),
    vat_number      text,
    address_line1   text,
    address_line2   text,
    postal_code     text,
    city            text,
    country         char(2) not null default 'FR',
    created_at      timestamptz not null,
    updated_at      timestamptz not null,
    archived_at     timestamptz
);
create unique index clients_siren_key on clients (siren) where siren is not null and archived_at is null;

create table client_contacts (
    id              uuid primary key,
    client_id       uuid not null references clients (id),
    name            text not null,
    email           text not null,
    phone           text,
    billing         boolean not null default false,
    technical       boolean not null default false,
    notify          boolean not null default false,
    created_at      timestamptz not null
);
create index client_contacts_client on client_contacts (client_id);

create table contracts (
    id              uuid primary key,
    client_id       uuid not null references clients (id),
    reference       text not null unique,
    start_date      date not null,
    term_months     integer not null check (term_months >= 12),
    status          text not null check (status in ('DRAFT', 'ACTIVE', 'SUSPENDED', 'TERMINATED')),
    notes           text,
    created_at      timestamptz not null,
    updated_at      timestamptz not null,
    archived_at     timestamptz
);
create index contracts_client on contracts (client_id);

create table servers (
    id                  uuid primary key,
    client_id           uuid not null references clients (id),
    contract_id         uuid references contracts (id),
    hostname            text not null,
    role                text not null check (role in ('PRODUCTION', 'DEVELOPMENT')),
    supplier            text,
    supplier_reference  text,
    datacenter          text,
    model               text,
    public_ips          text[] not null default '{}',
    notes               text,
    created_at          timestamptz not null,
    updated_at          timestamptz not null,
    archived_at         timestamptz
);
create index servers_client on servers (client_id);
create index servers_contract on servers (contract_id);

create table users (
    id              uuid primary key,
    email           text not null,
    display_name    text not null,
    password_hash   text not null,
    role            text not null check (role in ('ADMIN', 'OPERATOR', 'CLIENT')),
    client_id       uuid references clients (id),
    failed_logins   integer not null default 0,
    locked_until    timestamptz,
    created_at      timestamptz not null,
    updated_at      timestamptz not null,
    archived_at     timestamptz,
    check ((role = 'CLIENT') = (client_id is not null))
);
create unique index users_email_key on users (lower(email));

create table api_tokens (
    id              uuid primary key,
    user_id         uuid not null references users (id),
    name            text not null,
    prefix          text not null,
    token_hash      text not null unique,
    created_at      timestamptz not null,
    expires_at      timestamptz,
    last_used_at    timestamptz,
    revoked_at      timestamptz
);
create index api_tokens_user on api_tokens (user_id);

create table enrollment_tokens (
    id              uuid primary key,
    server_id       uuid not null references servers (id),
    token_hash      text not null unique,
    created_by      uuid references users (id),
    created_at      timestamptz not null,
    expires_at      timestamptz not null,
    used_at         timestamptz,
    agent_id        uuid
);
create index enrollment_tokens_server on enrollment_tokens (server_id);

create table agents (
    id                  uuid primary key,
    server_id           uuid not null references servers (id),
    secret_hash         text not null,
    agent_version       text,
    enrolled_at         timestamptz not null,
    revoked_at          timestamptz,
    last_contact_at     timestamptz,
    last_address        text,
    facts               jsonb,
    facts_observed_at   timestamptz
);
create unique index agents_one_active_per_server on agents (server_id) where revoked_at is null;

-- Idempotency: one row per message an agent ever delivered (see docs/agent-protocol.md).
create table agent_messages (
    agent_id        uuid not null references agents (id),
    message_id      uuid not null,
    type            text not null,
    sequence        bigint not null,
    created_at      timestamptz not null,
    received_at     timestamptz not null,
    primary key (agent_id, message_id)
);

-- Evidence that a host was alive: every heartbeat, including those replayed after an outage.
create table heartbeats (
    server_id       uuid not null references servers (id),
    agent_id        uuid not null references agents (id),
    message_id      uuid not null,
    observed_at     timestamptz not null,
    received_at     timestamptz not null,
    primary key (agent_id, message_id)
);
create index heartbeats_server_time on heartbeats (server_id, observed_at);

create table audit_log (
    id              bigint generated always as identity primary key,
    at              timestamptz not null,
    actor_id        uuid,
    actor_label     text not null,
    client_id       uuid,
    action          text not null,
    entity_type     text,
    entity_id       text,
    summary         text,
    before_state    jsonb,
    after_state     jsonb,
    source_ip       text
);
create index audit_log_at on audit_log (at desc);
create index audit_log_client_at on audit_log (client_id, at desc);
create index audit_log_entity on audit_log (entity_type, entity_id);
