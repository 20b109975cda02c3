-- The README's delete-plan example: a small shop with its data.

CREATE TABLE customer (id int PRIMARY KEY, name text NOT NULL);
CREATE TABLE orders (id int PRIMARY KEY,
  customer_id int NOT NULL REFERENCES customer ON DELETE CASCADE);
CREATE INDEX ON orders (customer_id);
CREATE TABLE order_line (order_id int REFERENCES orders ON DELETE CASCADE, line_no int,
  sku text NOT NULL, PRIMARY KEY (order_id, line_no));
CREATE TABLE shipment (id int PRIMARY KEY,
  order_id int NOT NULL REFERENCES orders ON DELETE CASCADE);   -- no index on order_id
CREATE TABLE refund (id int PRIMARY KEY,
  order_id int NOT NULL REFERENCES orders ON DELETE RESTRICT);
CREATE INDEX ON refund (order_id);
CREATE TABLE review (id int PRIMARY KEY,
  customer_id int REFERENCES customer ON DELETE SET NULL, body text);
CREATE INDEX ON review (customer_id);

INSERT INTO customer VALUES (1, 'Ann'), (2, 'Bob');
INSERT INTO orders VALUES (10, 1), (11, 1), (20, 2);
INSERT INTO order_line VALUES (10, 1, 'tea'), (10, 2, 'cup'), (11, 1, 'pot'), (20, 1, 'tea');
INSERT INTO shipment SELECT g, 10 + g % 2 FROM generate_series(1, 2) g;
INSERT INTO shipment SELECT g, 20 FROM generate_series(3, 5000) g;
INSERT INTO refund VALUES (1, 20);
INSERT INTO review VALUES (1, 1, 'Lovely tea'), (2, 2, 'Late');
ANALYZE;
