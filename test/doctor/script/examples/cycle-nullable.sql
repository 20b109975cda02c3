-- A two-table cycle broken through a nullable column: every employee needs a department,
-- a department may name a manager. Departments come last and name their managers.
CREATE TABLE departments (id integer PRIMARY KEY, name text NOT NULL, manager_id integer);
CREATE TABLE employees (
  id integer PRIMARY KEY,
  department_id integer NOT NULL REFERENCES departments (id),
  name text NOT NULL
);
ALTER TABLE departments ADD CONSTRAINT departments_manager_id_fkey
  FOREIGN KEY (manager_id) REFERENCES employees (id);

COPY employees (id, department_id, name) FROM stdin;
1	10	Ann
2	20	Bea
3	10	Cy
\.
INSERT INTO departments (id, name, manager_id) VALUES (10, 'Sales', 1), (20, 'Ops', 2), (30, 'Lab', NULL);
