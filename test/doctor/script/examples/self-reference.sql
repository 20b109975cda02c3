-- Employees and their managers, one row per INSERT (pg_dump --inserts style), managers last.
CREATE TABLE employees (
  id integer PRIMARY KEY,
  manager_id integer REFERENCES employees (id),
  name text NOT NULL
);
INSERT INTO employees VALUES (3, 2, 'Carol');
INSERT INTO employees VALUES (4, 2, 'Dan');
INSERT INTO employees VALUES (2, 1, 'Bea');
INSERT INTO employees VALUES (5, NULL, 'Eve');
INSERT INTO employees VALUES (1, NULL, 'Ann');
