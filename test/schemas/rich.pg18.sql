-- PostgreSQL 18+ additions to rich.sql (its own tables only, so older servers can skip it).

-- NOT ENFORCED foreign key and a virtual generated column.
create table app.order_snapshot (
  id int primary key,
  order_id int,
  total_cents int not null,
  total numeric generated always as (total_cents / 100.0) virtual,
  constraint order_snapshot_order_fk foreign key (order_id) references app.orders (id) not enforced
);
