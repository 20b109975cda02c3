-- A shop with one of each foreign-key problem fkdoctor audit finds (README example and CLI
-- test). Orphans are planted the ways they happen in real life: a NOT VALID constraint, and
-- rows loaded with triggers disabled.

CREATE TABLE customers (id integer PRIMARY KEY, email text NOT NULL UNIQUE);
CREATE TABLE coupons (id integer PRIMARY KEY, code text NOT NULL);
CREATE TABLE orders (
  id          integer PRIMARY KEY,
  customer_id integer NOT NULL REFERENCES customers,
  coupon_id   bigint REFERENCES coupons
);
CREATE INDEX orders_coupon_id_idx ON orders (coupon_id);
-- The same rule twice (an ORM added its own copy).
ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers;

CREATE TABLE reviews (
  id          integer PRIMARY KEY,
  customer_id integer NOT NULL REFERENCES customers ON DELETE SET NULL
);
CREATE INDEX ON reviews (customer_id);

CREATE TABLE payments (id integer PRIMARY KEY, order_id integer NOT NULL);
CREATE INDEX ON payments (order_id);

CREATE TABLE audit_log (id bigint PRIMARY KEY, customer_id integer, action text);

INSERT INTO customers VALUES (1, 'ada@example.com'), (2, 'bob@example.com');
INSERT INTO coupons VALUES (10, 'WELCOME');
INSERT INTO orders VALUES (100, 1, 10), (101, 2, NULL);
INSERT INTO payments VALUES (1, 100), (2, 101), (3, 999);
INSERT INTO audit_log VALUES (1, 1, 'login'), (2, 7, 'login');
-- Added NOT VALID to skip the check of old rows, and never validated: payment 3 has no order.
ALTER TABLE payments ADD CONSTRAINT payments_order_id_fkey
  FOREIGN KEY (order_id) REFERENCES orders NOT VALID;
