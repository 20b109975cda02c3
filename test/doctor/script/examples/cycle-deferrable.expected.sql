CREATE TABLE departments (id integer PRIMARY KEY, name text NOT NULL, manager_id integer NOT NULL);
CREATE TABLE staff (id integer PRIMARY KEY, department_id integer NOT NULL REFERENCES departments (id), name text NOT NULL);
ALTER TABLE departments ADD CONSTRAINT departments_manager_id_fkey
  FOREIGN KEY (manager_id) REFERENCES staff (id) DEFERRABLE;
BEGIN;
SET CONSTRAINTS departments_manager_id_fkey DEFERRED;
INSERT INTO departments VALUES (10, 'Sales', 1);
INSERT INTO staff VALUES (1, 10, 'Ann'), (2, 10, 'Bea');
COMMIT;
