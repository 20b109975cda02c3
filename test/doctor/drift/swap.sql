-- Two FKs on the same column, named by the server in the order they were added: t_a_fkey for
-- the first, t_a_fkey1 for the second. A adds p1's first; B (the :second script) p2's first.
CREATE SCHEMA swap;
CREATE TABLE swap.p1 (id int PRIMARY KEY);
CREATE TABLE swap.p2 (id int PRIMARY KEY);
CREATE TABLE swap.t (id int PRIMARY KEY, a int);
