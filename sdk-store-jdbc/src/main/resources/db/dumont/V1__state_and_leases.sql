-- Engine state: one JSON record per deployment (the StateStore contract), written only by the lease holder.
-- Times are milliseconds since the epoch on the engines' clock (leases compare them with the engine's time).
create table dumont_state (
  deployment_id varchar(255) primary key,
  record        text         not null,
  epoch         bigint       not null,
  updated_at_ms bigint       not null
);

-- One lease per deployment: the replica that may act on it, the fencing epoch and the expiry.
create table dumont_leases (
  deployment_id varchar(255) primary key,
  owner         varchar(255),
  epoch         bigint       not null,
  expires_at_ms bigint       not null
);
create index dumont_leases_expiry on dumont_leases (expires_at_ms);

-- Live replicas (heartbeat), for the fair share of leases each one takes.
create table dumont_replicas (
  owner         varchar(255) primary key,
  expires_at_ms bigint       not null,
  started_at_ms bigint       not null
);
