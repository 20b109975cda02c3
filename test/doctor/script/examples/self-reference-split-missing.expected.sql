-- self-reference-split-missing.sql loaded by hand: the two departments as placeholders, then
-- the employees parents first.
CREATE TABLE depts (id integer PRIMARY KEY, name text);
CREATE TABLE emp (
  id integer PRIMARY KEY,
  boss integer REFERENCES emp (id),
  dept integer REFERENCES depts (id)
);
INSERT INTO depts VALUES (1, 'head office'), (98, NULL), (99, NULL);
INSERT INTO emp VALUES (1, NULL, 1), (4, NULL, 98);
INSERT INTO emp VALUES (2, 1, 1);
INSERT INTO emp VALUES (3, 2, 99);
