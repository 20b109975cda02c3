// Planted orphans for the orphan tests, in a schema of their own (so each repair test gets
// fresh rows): rows loaded with session_replication_role = replica, with triggers disabled, and
// under a NOT VALID constraint; composite keys, MATCH FULL partly NULL keys, a partitioned
// child, names with spaces, quotes, Mixed Case and unicode; and clean controls.

import { quoteIdent } from '../../../src/sql/quote.js';

export function plantedSql(schema: string): string {
  const s = quoteIdent(schema);
  return `
CREATE SCHEMA ${s};
SET search_path = ${s};
CREATE TABLE customer (id int PRIMARY KEY, name text NOT NULL DEFAULT 'placeholder');
CREATE TABLE orders (id int PRIMARY KEY, customer_id int REFERENCES customer, note text);
CREATE TABLE order_line (id int PRIMARY KEY, order_id int NOT NULL REFERENCES orders ON DELETE CASCADE, qty int);
CREATE TABLE shipment (id int PRIMARY KEY, order_id int REFERENCES orders ON DELETE SET NULL);
INSERT INTO customer VALUES (1, 'a'), (2, 'b');
SET session_replication_role = replica;
INSERT INTO orders VALUES (1, 1, 'ok'), (2, 7, 'orphan'), (3, 9, 'orphan'), (4, NULL, 'no customer'), (5, 2, 'ok'), (6, 7, 'orphan');
INSERT INTO order_line VALUES (1, 1, 1), (2, 2, 1), (3, 2, 5), (4, 3, 2), (5, 5, 1);
INSERT INTO shipment VALUES (1, 1), (2, 3), (3, NULL);
SET session_replication_role = DEFAULT;

-- Composite key, MATCH SIMPLE: a key with one NULL is not checked.
CREATE TABLE warehouse (region text, code int, PRIMARY KEY (region, code));
CREATE TABLE stock (id int PRIMARY KEY, region text, code int, FOREIGN KEY (region, code) REFERENCES warehouse);
INSERT INTO warehouse VALUES ('eu', 1), ('us', 1);
ALTER TABLE stock DISABLE TRIGGER ALL;
INSERT INTO stock VALUES (1, 'eu', 1), (2, 'eu', 2), (3, NULL, 2), (4, 'asia', NULL), (5, 'asia', 1);
ALTER TABLE stock ENABLE TRIGGER ALL;

-- MATCH FULL: all NULL is fine, partly NULL breaks the constraint on its own.
CREATE TABLE bin (region text, code int, PRIMARY KEY (region, code));
CREATE TABLE item (id int PRIMARY KEY, region text, code int,
  CONSTRAINT item_bin_fkey FOREIGN KEY (region, code) REFERENCES bin MATCH FULL);
INSERT INTO bin VALUES ('eu', 1);
ALTER TABLE item DISABLE TRIGGER ALL;
INSERT INTO item VALUES (1, 'eu', 1), (2, 'eu', 3), (3, NULL, NULL), (4, 'eu', NULL), (5, NULL, 1);
ALTER TABLE item ENABLE TRIGGER ALL;

-- NOT VALID: the rows were there before the constraint.
CREATE TABLE author (id int PRIMARY KEY);
CREATE TABLE book (id int PRIMARY KEY, author_id int);
INSERT INTO author VALUES (1);
INSERT INTO book VALUES (1, 1), (2, 2), (3, 3), (4, NULL);
ALTER TABLE book ADD CONSTRAINT book_author_fkey FOREIGN KEY (author_id) REFERENCES author NOT VALID;

-- A partitioned child: one constraint, cloned on every partition, counted once.
CREATE TABLE event (id int, account_id int, PRIMARY KEY (id)) PARTITION BY RANGE (id);
CREATE TABLE event_low PARTITION OF event FOR VALUES FROM (0) TO (100);
CREATE TABLE event_high PARTITION OF event FOR VALUES FROM (100) TO (1000);
CREATE TABLE account (id int PRIMARY KEY);
ALTER TABLE event ADD CONSTRAINT event_account_fkey FOREIGN KEY (account_id) REFERENCES account;
INSERT INTO account VALUES (1);
SET session_replication_role = replica;
INSERT INTO event VALUES (1, 1), (2, 5), (150, 6), (151, 1), (152, NULL), (153, 5);
SET session_replication_role = DEFAULT;

-- Odd names.
CREATE TABLE "Parent ""Ω"" Table" ("Key Id" int PRIMARY KEY, "Label" text NOT NULL DEFAULT 'placeholder');
CREATE TABLE "child Table" (id int PRIMARY KEY, "Parent Key" int,
  CONSTRAINT "Child → Parent ""fk""" FOREIGN KEY ("Parent Key") REFERENCES "Parent ""Ω"" Table");
INSERT INTO "Parent ""Ω"" Table" VALUES (1, 'one');
SET session_replication_role = replica;
INSERT INTO "child Table" VALUES (1, 1), (2, 42), (3, 43);
SET session_replication_role = DEFAULT;

-- A parent whose other NOT NULL column has no default: no placeholder row possible.
CREATE TABLE country (code text PRIMARY KEY, name text NOT NULL);
CREATE TABLE city (id int PRIMARY KEY, country_code text NOT NULL REFERENCES country);
INSERT INTO country VALUES ('fr', 'France');
SET session_replication_role = replica;
INSERT INTO city VALUES (1, 'fr'), (2, 'xx');
SET session_replication_role = DEFAULT;

-- A self-reference with ON DELETE CASCADE: deleting an orphan would cascade down a subtree.
CREATE TABLE folder (id int PRIMARY KEY, parent_id int REFERENCES folder ON DELETE CASCADE);
SET session_replication_role = replica;
INSERT INTO folder VALUES (1, NULL), (2, 1), (3, 99), (4, 3);
SET session_replication_role = DEFAULT;

-- Clean controls.
CREATE TABLE tag (id int PRIMARY KEY);
CREATE TABLE post_tag (id int PRIMARY KEY, tag_id int NOT NULL REFERENCES tag);
INSERT INTO tag VALUES (1), (2);
INSERT INTO post_tag VALUES (1, 1), (2, 2), (3, 1);
RESET search_path;
`;
}
