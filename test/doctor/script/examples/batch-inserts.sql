-- A batch import written children first: order lines, then orders, then customers,
-- with an unrelated table in between and a serial id on orders' notes.
CREATE TABLE customers (id integer PRIMARY KEY, name text NOT NULL);
CREATE TABLE orders (id integer PRIMARY KEY, customer_id integer NOT NULL REFERENCES customers (id), total numeric(10, 2));
CREATE TABLE order_items (
  order_id integer NOT NULL REFERENCES orders (id),
  line_no integer NOT NULL,
  sku text NOT NULL,
  PRIMARY KEY (order_id, line_no)
);
CREATE TABLE notes (id serial PRIMARY KEY, body text);

INSERT INTO order_items (order_id, line_no, sku) VALUES
  (1, 1, 'TEA-01'),
  (1, 2, 'MUG-02'),
  (2, 1, 'TEA-01');
INSERT INTO notes (body) VALUES ('imported'), ('twice');
INSERT INTO orders (id, customer_id, total) VALUES
  (1, 10, 25.00),  -- Ada's
  (2, 11, 7.50);   -- Bob's
INSERT INTO notes (body) VALUES ('thrice');
/* customers last */
INSERT INTO customers (id, name) VALUES (10, 'Ada'), (11, 'Bob');
