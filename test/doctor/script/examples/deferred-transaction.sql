-- The seed article's deferred load: the constraint is DEFERRABLE, so orders may come first
-- inside one transaction. Nothing to fix.
CREATE TABLE customers (id integer PRIMARY KEY, name text);
CREATE TABLE orders (
  id integer PRIMARY KEY,
  customer_id integer REFERENCES customers (id) DEFERRABLE INITIALLY IMMEDIATE,
  total numeric(10, 2)
);
BEGIN;
SET CONSTRAINTS orders_customer_id_fkey DEFERRED;
INSERT INTO orders (id, customer_id, total) VALUES (1, 100, 75.00);
INSERT INTO customers (id, name) VALUES (100, 'Bob');
COMMIT;
