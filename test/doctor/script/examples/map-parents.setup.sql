-- The database a seed is loaded into (production): its customers have their own ids.
CREATE TABLE customers (
  id integer PRIMARY KEY,
  email text NOT NULL UNIQUE,
  name text NOT NULL
);
CREATE TABLE orders (
  id integer PRIMARY KEY,
  customer_id integer NOT NULL REFERENCES customers (id),
  customer_email text,
  total numeric(10, 2) NOT NULL
);
CREATE TABLE order_items (
  order_id integer NOT NULL REFERENCES orders (id),
  line integer NOT NULL,
  sku text NOT NULL,
  PRIMARY KEY (order_id, line)
);
INSERT INTO customers VALUES
  (7, 'ann@example.com', 'Ann'),
  (8, 'bob@example.com', 'Bob'),
  (9, 'cy@example.com', 'Cy');
