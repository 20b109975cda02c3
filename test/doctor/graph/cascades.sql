-- A DELETE from customer: CASCADE to orders, CASCADE on to order_line, which SET NULL in
-- shipment and is RESTRICTed by refund (so the DELETE fails while a refund exists).

CREATE TABLE customer (id int PRIMARY KEY);
CREATE TABLE orders (id int PRIMARY KEY,
  customer_id int NOT NULL REFERENCES customer ON DELETE CASCADE);
CREATE TABLE order_line (id int PRIMARY KEY,
  order_id int NOT NULL REFERENCES orders ON DELETE CASCADE);
CREATE TABLE shipment (id int PRIMARY KEY,
  order_line_id int REFERENCES order_line ON DELETE SET NULL);
CREATE TABLE refund (id int PRIMARY KEY,
  order_line_id int NOT NULL REFERENCES order_line ON DELETE RESTRICT);
