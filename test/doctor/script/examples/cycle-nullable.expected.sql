CREATE TABLE departments (id integer PRIMARY KEY, name text NOT NULL, manager_id integer);
CREATE TABLE employees (id integer PRIMARY KEY, department_id integer NOT NULL REFERENCES departments (id), name text NOT NULL);
ALTER TABLE departments ADD CONSTRAINT departments_manager_id_fkey FOREIGN KEY (manager_id) REFERENCES employees (id);
INSERT INTO departments (id, name, manager_id) VALUES (10, 'Sales', NULL), (20, 'Ops', NULL), (30, 'Lab', NULL);
INSERT INTO employees VALUES (1, 10, 'Ann'), (2, 20, 'Bea'), (3, 10, 'Cy');
UPDATE departments SET manager_id = 1 WHERE id = 10;
UPDATE departments SET manager_id = 2 WHERE id = 20;
