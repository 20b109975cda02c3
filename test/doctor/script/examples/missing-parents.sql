-- Customers 42, 77 and 88 are inserted nowhere: no order of statements can load their orders,
-- nor the items, notes and shipments of those orders.
CREATE TABLE customers (id integer PRIMARY KEY, name text NOT NULL, region text);
CREATE TABLE orders (
  id integer PRIMARY KEY,
  customer_id integer NOT NULL REFERENCES customers (id),
  note text
);
CREATE TABLE order_items (
  order_id integer REFERENCES orders (id),
  line integer,
  sku text NOT NULL,
  PRIMARY KEY (order_id, line)
);
CREATE TABLE item_notes (
  order_id integer,
  line integer,
  body text,
  FOREIGN KEY (order_id, line) REFERENCES order_items (order_id, line)
);
CREATE TABLE shipments (id integer PRIMARY KEY, order_id integer REFERENCES orders (id));

INSERT INTO orders VALUES (1, 41, 'fine once customer 41 is in');
INSERT INTO orders VALUES (2, 42, 'customer 42 is inserted nowhere');
INSERT INTO orders (id, customer_id, note) VALUES
  (3, 41, 'fine'),
  (4, 77, 'customer 77 is inserted nowhere'),
  (5, 41, 'fine');
COPY order_items (order_id, line, sku) FROM stdin;
1	1	A-1
2	1	B-1
2	2	B-2
4	1	C-1
5	1	D-1
\.
INSERT INTO item_notes VALUES (2, 1, 'a note on an item of order 2'), (1, 1, 'a note on order 1');
INSERT INTO customers VALUES (41, 'Ann', 'north');
COPY orders (id, customer_id, note) FROM stdin;
6	88	copied, customer 88 is inserted nowhere
7	41	copied, fine
\.
INSERT INTO shipments VALUES (10, 2);
INSERT INTO shipments VALUES (11, 1), (12, 6);
