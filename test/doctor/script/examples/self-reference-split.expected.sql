-- self-reference-split.sql loaded by hand, parents first.
CREATE TABLE employees (
  id integer PRIMARY KEY,
  manager_id integer REFERENCES employees (id),
  name text NOT NULL
);
CREATE TABLE badges (
  id integer PRIMARY KEY,
  employee_id integer NOT NULL REFERENCES employees (id),
  label text
);
CREATE TABLE categories (
  id integer PRIMARY KEY,
  parent_id integer REFERENCES categories (id),
  name text NOT NULL
);
INSERT INTO employees VALUES (1, NULL, 'Ann');
INSERT INTO employees VALUES (2, 1, 'Bea');
INSERT INTO employees VALUES (3, 2, 'Carol');
INSERT INTO employees VALUES (4, 3, 'Dan');
INSERT INTO employees VALUES (5, 4, 'Eve');
INSERT INTO employees VALUES (6, NULL, 'Fay');
INSERT INTO employees VALUES (7, 6, 'Gus');
INSERT INTO employees VALUES (8, 7, 'Hal');
INSERT INTO employees VALUES (9, 5, 'Ida');
INSERT INTO badges VALUES (10, 5, 'night shift');
INSERT INTO categories VALUES (1, NULL, 'root');
INSERT INTO categories VALUES (2, 1, 'two');
INSERT INTO categories VALUES (3, 2, 'under two');
INSERT INTO categories VALUES (4, 3, 'under three');
