-- How far the agent's clock is from the control plane's, measured at each batch (MessageBatch.sentAt).
alter table agents add column clock_skew_ms bigint;
alter table agents add column clock_checked_at timestamptz;
