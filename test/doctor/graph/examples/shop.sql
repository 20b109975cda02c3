-- A small shop for the README's `fkdoctor graph` examples: levels, a cycle between orders and
-- invoices (one FK deferrable, the other nullable), a self-reference, and a DELETE that
-- cascades from a customer to its orders and their lines.

CREATE TABLE customer (id int PRIMARY KEY, name text NOT NULL);
CREATE TABLE product (id int PRIMARY KEY, category_id int);
CREATE TABLE category (id int PRIMARY KEY,
  parent_id int REFERENCES category ON DELETE SET NULL);
ALTER TABLE product ADD FOREIGN KEY (category_id) REFERENCES category ON DELETE SET NULL;

CREATE TABLE orders (id int PRIMARY KEY,
  customer_id int NOT NULL REFERENCES customer ON DELETE CASCADE,
  invoice_id int);
CREATE TABLE invoice (id int PRIMARY KEY,
  order_id int NOT NULL REFERENCES orders ON DELETE RESTRICT DEFERRABLE);
ALTER TABLE orders ADD FOREIGN KEY (invoice_id) REFERENCES invoice;

CREATE TABLE order_line (
  order_id int REFERENCES orders ON DELETE CASCADE,
  product_id int NOT NULL REFERENCES product,
  PRIMARY KEY (order_id, product_id));
