-- Requests (apply, delete) a replica received for a deployment another replica holds: the holder reads them at its
-- next tick, acts on them and deletes them; when it dies first, its successor finds them.
create table dumont_requests (
  id            bigint generated always as identity primary key,
  deployment_id varchar(255) not null,
  request       text         not null,
  created_at_ms bigint       not null
);
create index dumont_requests_deployment on dumont_requests (deployment_id, id);
