-- The schema both databases start from in the drift tests: plain, composite, self-referencing,
-- deferrable, MATCH FULL and SET NULL (column list) FKs, a partitioned table with FKs copied onto
-- its partitions, an FK that references a partitioned table, supporting indexes (one on a
-- partitioned table), and names that need quoting (spaces, quotes, Mixed Case, unicode).

CREATE SCHEMA shop;
CREATE TABLE shop.customer (id int PRIMARY KEY, email text UNIQUE);
CREATE TABLE shop.product (id int PRIMARY KEY, sku text NOT NULL UNIQUE);
CREATE TABLE shop.orders (
  id int PRIMARY KEY,
  customer_id int REFERENCES shop.customer ON DELETE CASCADE,
  placed date NOT NULL,
  UNIQUE (id, customer_id)
);
CREATE INDEX orders_customer_id_idx ON shop.orders (customer_id);
CREATE TABLE shop.order_line (
  order_id int NOT NULL REFERENCES shop.orders ON DELETE CASCADE,
  line int NOT NULL,
  product_id int REFERENCES shop.product,
  product_sku text,
  PRIMARY KEY (order_id, line)
);
CREATE TABLE shop.shipment (
  id int PRIMARY KEY,
  order_id int,
  customer_id int,
  FOREIGN KEY (order_id, customer_id) REFERENCES shop.orders (id, customer_id)
    ON DELETE SET NULL (order_id)
);
CREATE TABLE shop.review (id int PRIMARY KEY, product_id int REFERENCES shop.product ON UPDATE CASCADE);

CREATE TABLE shop.payment (
  id int,
  paid date NOT NULL,
  order_id int REFERENCES shop.orders,
  customer_id int REFERENCES shop.customer,
  PRIMARY KEY (id, paid)
) PARTITION BY RANGE (paid);
CREATE TABLE shop.payment_2024 PARTITION OF shop.payment FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE shop.payment_2025 PARTITION OF shop.payment FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE INDEX payment_order_id_idx ON shop.payment (order_id);
-- An index on one partition only (no partitioned index for customer_id).
CREATE INDEX payment_2024_customer_id_idx ON shop.payment_2024 (customer_id);
CREATE TABLE shop.refund (
  id int PRIMARY KEY,
  payment_id int,
  payment_paid date,
  FOREIGN KEY (payment_id, payment_paid) REFERENCES shop.payment (id, paid) MATCH FULL
);

CREATE SCHEMA "Sales Dept";
CREATE TABLE "Sales Dept"."Customer ""VIP"" List" (id int PRIMARY KEY);
CREATE TABLE "Sales Dept"."Ünïcødé 表 🐘" (
  id int PRIMARY KEY,
  "Customer Id" int,
  CONSTRAINT "FK ""quoted"" to VIP" FOREIGN KEY ("Customer Id")
    REFERENCES "Sales Dept"."Customer ""VIP"" List" DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX "Ünï idx" ON "Sales Dept"."Ünïcødé 表 🐘" ("Customer Id");
CREATE TABLE public."MixedCase" (
  id int PRIMARY KEY,
  "Parent" int,
  CONSTRAINT "MixedCase_Self" FOREIGN KEY ("Parent") REFERENCES public."MixedCase" ON UPDATE CASCADE
);

INSERT INTO shop.customer VALUES (1, 'a@example.com'), (2, 'b@example.com');
INSERT INTO shop.product VALUES (1, 'P-1'), (2, 'P-2');
INSERT INTO shop.orders VALUES (10, 1, '2024-05-01'), (11, 2, '2025-02-01');
INSERT INTO shop.order_line VALUES (10, 1, 1, 'P-1'), (11, 1, 2, 'P-2');
INSERT INTO shop.shipment VALUES (1, 10, 1);
INSERT INTO shop.review VALUES (1, 2);
INSERT INTO shop.payment VALUES (1, '2024-05-02', 10, 1), (2, '2025-02-02', 11, 2);
INSERT INTO shop.refund VALUES (1, 2, '2025-02-02');
INSERT INTO "Sales Dept"."Customer ""VIP"" List" VALUES (7);
INSERT INTO "Sales Dept"."Ünïcødé 表 🐘" VALUES (1, 7);
INSERT INTO public."MixedCase" VALUES (1, NULL), (2, 1);
