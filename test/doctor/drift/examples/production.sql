-- The README's drift example: production, built by another migration history.
CREATE TABLE customer (id bigint PRIMARY KEY, email text NOT NULL UNIQUE);
CREATE TABLE product (id bigint PRIMARY KEY, sku text NOT NULL UNIQUE);
-- No ON DELETE CASCADE, and no index on customer_id.
CREATE TABLE orders (
  id bigint PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES customer,
  placed_at timestamptz NOT NULL DEFAULT now()
);
-- No FK on product_id.
CREATE TABLE order_line (
  order_id bigint NOT NULL REFERENCES orders ON DELETE CASCADE,
  line int NOT NULL,
  product_id bigint NOT NULL,
  PRIMARY KEY (order_id, line)
);
CREATE INDEX order_line_product_id_idx ON order_line (product_id);
-- Not deferrable.
CREATE TABLE invoice (id bigint PRIMARY KEY, order_id bigint NOT NULL REFERENCES orders);
-- Named by hand.
CREATE TABLE refund (
  id bigint PRIMARY KEY,
  invoice_id bigint NOT NULL CONSTRAINT refund_invoice_fk REFERENCES invoice
);
-- A table staging no longer has.
CREATE TABLE legacy_cart (id bigint PRIMARY KEY, customer_id bigint REFERENCES customer);
