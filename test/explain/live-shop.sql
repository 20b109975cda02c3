-- A shop with the shapes explain --db must handle: near misses, a same-named table in another
-- schema, a cascade chain three deep, a composite key whose values contain ", ", RESTRICT.
CREATE SCHEMA archive;
CREATE TABLE customers (id integer PRIMARY KEY, email text NOT NULL UNIQUE, name text NOT NULL);
CREATE TABLE archive.customers (id integer PRIMARY KEY, email text, name text);
CREATE TABLE orders (
  id integer PRIMARY KEY,
  customer_id integer NOT NULL REFERENCES customers (id),
  total numeric(10, 2) NOT NULL DEFAULT 0
);
CREATE TABLE order_items (
  order_id integer NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  line_no integer NOT NULL,
  sku text NOT NULL,
  PRIMARY KEY (order_id, line_no)
);
CREATE TABLE shipments (
  id serial PRIMARY KEY,
  order_id integer NOT NULL,
  line_no integer NOT NULL,
  FOREIGN KEY (order_id, line_no) REFERENCES order_items ON DELETE CASCADE
);
CREATE TABLE countries (code text PRIMARY KEY);
CREATE TABLE addresses (id integer PRIMARY KEY, country text REFERENCES countries (code));
CREATE TABLE "Tag Groups" ("Owner" text, "Name" text, PRIMARY KEY ("Owner", "Name"));
CREATE TABLE tags (
  id integer PRIMARY KEY,
  owner text,
  group_name text,
  CONSTRAINT "tag → group" FOREIGN KEY (owner, group_name)
    REFERENCES "Tag Groups" ("Owner", "Name") ON DELETE RESTRICT
);

INSERT INTO customers VALUES (41, 'ada@example.com', 'Ada'), (43, 'bob@example.com', 'Bob');
INSERT INTO archive.customers VALUES (42, 'old@example.com', 'Old');
INSERT INTO orders VALUES (7, 41, 25.00);
INSERT INTO order_items VALUES (7, 1, 'TEA-01'), (7, 2, 'MUG-02');
INSERT INTO shipments (order_id, line_no) VALUES (7, 1);
INSERT INTO countries VALUES ('DE');
INSERT INTO "Tag Groups" VALUES ('acme, inc', 'x'), ('acme', 'inc, x');
INSERT INTO tags VALUES (1, 'acme, inc', 'x');
