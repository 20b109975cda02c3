-- The README's drift example: staging, where the migrations were last run.
CREATE TABLE customer (id bigint PRIMARY KEY, email text NOT NULL UNIQUE);
CREATE TABLE product (id bigint PRIMARY KEY, sku text NOT NULL UNIQUE);
CREATE TABLE orders (
  id bigint PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES customer ON DELETE CASCADE,
  placed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX orders_customer_id_idx ON orders (customer_id);
CREATE TABLE order_line (
  order_id bigint NOT NULL REFERENCES orders ON DELETE CASCADE,
  line int NOT NULL,
  product_id bigint NOT NULL REFERENCES product,
  PRIMARY KEY (order_id, line)
);
CREATE INDEX order_line_product_id_idx ON order_line (product_id);
CREATE TABLE invoice (
  id bigint PRIMARY KEY,
  order_id bigint NOT NULL REFERENCES orders DEFERRABLE INITIALLY DEFERRED
);
CREATE TABLE refund (id bigint PRIMARY KEY, invoice_id bigint NOT NULL REFERENCES invoice);
