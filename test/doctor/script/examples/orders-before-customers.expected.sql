CREATE TABLE customers (id integer PRIMARY KEY, name text NOT NULL, email text);
CREATE TABLE orders (
  id integer PRIMARY KEY,
  customer_id integer NOT NULL REFERENCES customers (id),
  total numeric(10, 2) NOT NULL
);
INSERT INTO customers (id, name, email) VALUES (100, 'Bob', 'bob@example.com');
INSERT INTO customers (id, name, email) VALUES (999, 'Alice', 'alice@example.com');
INSERT INTO orders (id, customer_id, total) VALUES (1, 100, 75.00);
INSERT INTO orders (id, customer_id, total) VALUES (2, 999, 150.00);
