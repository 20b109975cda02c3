-- PostgreSQL 15+ additions to rich.sql (its own tables only, so older servers can skip it).

-- UNIQUE NULLS NOT DISTINCT.
create table app.team (
  tenant_id int not null,
  id int not null,
  slug text,
  primary key (tenant_id, id),
  constraint team_slug_key unique nulls not distinct (tenant_id, slug)
);

-- ON DELETE SET NULL (column): keep the tenant, forget the team.
create table app.team_member (
  tenant_id int not null,
  team_id int,
  name text not null,
  constraint team_member_team_fk foreign key (tenant_id, team_id)
    references app.team (tenant_id, id) on delete set null (team_id)
);
