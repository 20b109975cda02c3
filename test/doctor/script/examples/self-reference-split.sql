-- Two self-referencing tables whose statements need each other: no order of whole statements
-- loads every parent first, so fix splits the rows of one statement of each.
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

-- Bea reports to Ann, who is in the next statement; Carol there reports to Bea.
INSERT INTO employees VALUES (2, 1, 'Bea');
INSERT INTO badges VALUES (10, 5, 'night shift');  -- Eve is in the COPY below
INSERT INTO employees (id, manager_id, name) VALUES
  (1, NULL, 'Ann'),
  (3, 2, 'Carol'),  -- needs Bea
  (4, 3, 'Dan');
COPY employees (id, manager_id, name) FROM stdin;
5	4	Eve
6	\N	Fay
7	6	Gus
\.
INSERT INTO employees VALUES (8, 7, 'Hal'), (9, 5, 'Ida');

-- A COPY block whose second row names a category the INSERT after it loads.
COPY categories (id, parent_id, name) FROM stdin;
1	\N	root
3	2	under two
4	3	under three
\.
INSERT INTO categories VALUES (2, 1, 'two');
