-- A split self-reference whose rows also name departments inserted nowhere: with
-- --missing-parents placeholder, the row split off (Cy, department 99) is found too.
CREATE TABLE depts (id integer PRIMARY KEY, name text);
CREATE TABLE emp (
  id integer PRIMARY KEY,
  boss integer REFERENCES emp (id),
  dept integer REFERENCES depts (id)
);
INSERT INTO depts VALUES (1, 'head office');
INSERT INTO emp VALUES (2, 1, 1);
INSERT INTO emp VALUES
  (1, NULL, 1),
  (3, 2, 99),
  (4, NULL, 98);
