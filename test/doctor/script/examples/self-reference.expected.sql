CREATE TABLE employees (id integer PRIMARY KEY, manager_id integer REFERENCES employees (id), name text NOT NULL);
INSERT INTO employees VALUES (1, NULL, 'Ann'), (5, NULL, 'Eve');
INSERT INTO employees VALUES (2, 1, 'Bea');
INSERT INTO employees VALUES (3, 2, 'Carol'), (4, 2, 'Dan');
