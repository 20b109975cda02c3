-- The delete-plan tests' shop. What each DELETE should do is written beside the data.

CREATE TABLE category (id int PRIMARY KEY,
  parent_id int REFERENCES category ON DELETE CASCADE);         -- a tree: deleting cascades down
CREATE INDEX ON category (parent_id);

CREATE TABLE folder (id int PRIMARY KEY,                         -- a tree with no index on
  parent_id int REFERENCES folder ON DELETE CASCADE);             -- parent_id: a scan per row

CREATE TABLE customer (id int PRIMARY KEY, tenant int NOT NULL, email text UNIQUE,
  referred_by int REFERENCES customer ON DELETE SET NULL,        -- self-reference, SET NULL
  UNIQUE (tenant, id));
CREATE INDEX ON customer (referred_by);

CREATE TABLE orders (id int PRIMARY KEY,
  customer_id int NOT NULL REFERENCES customer ON DELETE CASCADE, note text);
CREATE INDEX ON orders (customer_id);

CREATE TABLE product (id int PRIMARY KEY,
  category_id int REFERENCES category ON DELETE SET NULL);
CREATE INDEX ON product (category_id);

CREATE TABLE order_line (                                       -- composite primary key
  order_id int NOT NULL REFERENCES orders ON DELETE CASCADE,
  line_no int NOT NULL,
  product_id int REFERENCES product,                            -- NO ACTION
  PRIMARY KEY (order_id, line_no));
CREATE INDEX ON order_line (product_id);

CREATE TABLE shipment_item (id int PRIMARY KEY,                 -- composite FK, MATCH SIMPLE,
  order_id int, line_no int,                                    -- and no index: the unindexed hop
  FOREIGN KEY (order_id, line_no) REFERENCES order_line ON DELETE CASCADE);

CREATE TABLE payment (id int PRIMARY KEY,
  order_id int NOT NULL REFERENCES orders ON DELETE RESTRICT);  -- blocks
CREATE INDEX ON payment (order_id);

CREATE TABLE gift_card (id int PRIMARY KEY,                     -- blocks, at COMMIT
  order_id int REFERENCES orders DEFERRABLE INITIALLY DEFERRED);
CREATE INDEX ON gift_card (order_id);

CREATE TABLE address (id int PRIMARY KEY, tenant int NOT NULL, customer_id int,
  FOREIGN KEY (tenant, customer_id) REFERENCES customer (tenant, id)
    ON DELETE SET NULL (customer_id));                          -- PG 15+: only customer_id
CREATE INDEX ON address (tenant, customer_id);

CREATE TABLE event (id int, customer_id int REFERENCES customer ON DELETE CASCADE,
  at date NOT NULL, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);   -- a partitioned child
CREATE TABLE event_2025 PARTITION OF event FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE event_2026 PARTITION OF event FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE INDEX ON event (customer_id);

CREATE TABLE invoice (id int, at date, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);  -- a
CREATE TABLE invoice_2025 PARTITION OF invoice                        -- partitioned parent
  FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE invoice_2026 PARTITION OF invoice FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE TABLE invoice_line (id int PRIMARY KEY, invoice_id int, invoice_at date,
  FOREIGN KEY (invoice_id, invoice_at) REFERENCES invoice ON DELETE CASCADE);
CREATE INDEX ON invoice_line (invoice_id, invoice_at);

CREATE SCHEMA "Odd ""Schema""";
CREATE TABLE "Odd ""Schema"""."Order Items" ("Mixed Case" int PRIMARY KEY,
  "Order Id" int REFERENCES orders ON DELETE CASCADE, "Naïve ñame" text);
CREATE INDEX ON "Odd ""Schema"""."Order Items" ("Order Id");
CREATE TABLE "Odd ""Schema"""."Café" (id int PRIMARY KEY,
  "It""em" int REFERENCES "Odd ""Schema"""."Order Items" ON DELETE SET NULL);
CREATE INDEX ON "Odd ""Schema"""."Café" ("It""em");

CREATE TABLE product_note (id int PRIMARY KEY,                  -- SET NULL on NOT NULL: fails
  product_id int NOT NULL REFERENCES product ON DELETE SET NULL);
CREATE INDEX ON product_note (product_id);

CREATE TABLE product_tag (id int PRIMARY KEY,                   -- SET DEFAULT: to product 102
  product_id int DEFAULT 102 REFERENCES product ON DELETE SET DEFAULT);
CREATE INDEX ON product_tag (product_id);

-- A cycle of CASCADEs: a team's lead is a member, members belong to a team.
CREATE TABLE team (id int PRIMARY KEY, lead_id int);
CREATE TABLE member (id int PRIMARY KEY,
  team_id int NOT NULL REFERENCES team ON DELETE CASCADE);
CREATE INDEX ON member (team_id);
ALTER TABLE team ADD FOREIGN KEY (lead_id) REFERENCES member ON DELETE CASCADE;
CREATE INDEX ON team (lead_id);

-- Checked before the CASCADE that removes the row: the server deletes in rounds (the target
-- rows, then what their triggers cascade to, then what those cascade to, ...) and checks an FK
-- in the round after its parent row went.
CREATE TABLE club (id int PRIMARY KEY);
CREATE TABLE club_event (id int PRIMARY KEY,
  club_id int NOT NULL REFERENCES club ON DELETE CASCADE);
CREATE INDEX ON club_event (club_id);
CREATE TABLE club_fee (id int PRIMARY KEY,
  club_id int NOT NULL REFERENCES club ON DELETE CASCADE);
CREATE INDEX ON club_fee (club_id);
CREATE TABLE fee_part (id int PRIMARY KEY,
  fee_id int NOT NULL REFERENCES club_fee ON DELETE CASCADE);
CREATE INDEX ON fee_part (fee_id);
CREATE TABLE ticket (id int PRIMARY KEY,
  event_id int REFERENCES club_event ON DELETE RESTRICT,    -- checked in round 2
  club_id int REFERENCES club ON DELETE CASCADE,            -- deleted in round 1: in time
  fee_id int REFERENCES club_fee ON DELETE CASCADE,         -- round 2: the trigger order decides
  part_id int REFERENCES fee_part ON DELETE CASCADE);       -- round 3: too late
CREATE INDEX ON ticket (event_id);
CREATE INDEX ON ticket (club_id);
CREATE INDEX ON ticket (fee_id);
CREATE INDEX ON ticket (part_id);
CREATE TABLE fee_note (id int PRIMARY KEY,                      -- deleted in round 1, long before
  club_id int REFERENCES club ON DELETE CASCADE,                -- its RESTRICT is checked (round 3):
  part_id int REFERENCES fee_part ON DELETE RESTRICT);          -- a script must delete it first
CREATE INDEX ON fee_note (club_id);
CREATE INDEX ON fee_note (part_id);
CREATE TABLE event_memo (id int PRIMARY KEY,                    -- SET NULL in round 2 on a NOT
  event_id int NOT NULL REFERENCES club_event ON DELETE SET NULL,   -- NULL column, before the
  part_id int REFERENCES fee_part ON DELETE CASCADE);           -- CASCADE of round 3: fails
CREATE INDEX ON event_memo (event_id);
CREATE INDEX ON event_memo (part_id);

INSERT INTO club VALUES (1), (2), (3), (4);
INSERT INTO club_event VALUES (1, 1), (2, 2), (3, 3), (4, 4);
INSERT INTO club_fee VALUES (1, 1), (2, 2), (3, 3), (4, 4);
INSERT INTO fee_part VALUES (2, 2), (3, 3), (4, 4);
INSERT INTO event_memo VALUES (1, 4, 4);
INSERT INTO fee_note VALUES (1, 3, 3);
INSERT INTO ticket VALUES (1, 1, NULL, 1, NULL), (2, 2, NULL, NULL, 2), (3, 3, 3, NULL, NULL);

INSERT INTO folder VALUES (1, NULL), (2, 1), (3, 2), (4, NULL);
INSERT INTO category VALUES (1, NULL), (2, 1), (3, 2), (4, 3), (5, 1), (6, NULL), (7, 6);
INSERT INTO customer VALUES
  (1, 1, 'ann@example.com', NULL),
  (2, 1, 'bob@example.com', 1),     -- referred by 1: SET NULL when 1 goes
  (3, 1, 'cy@example.com', NULL),   -- nothing references it: the clean control
  (4, 2, 'di@example.com', NULL);   -- has a paid order: RESTRICT blocks
INSERT INTO orders VALUES (10, 1, 'a'), (11, 1, 'b'), (12, 2, 'c'), (40, 4, 'd');
INSERT INTO product VALUES (100, 2), (101, 5), (102, 6), (103, NULL), (104, NULL);
INSERT INTO product_tag VALUES (1, 104), (2, 104), (3, 102);
INSERT INTO product_note VALUES (1, 103);
INSERT INTO order_line VALUES (10, 1, 100), (10, 2, 101), (11, 1, NULL), (12, 1, 100),
  (40, 1, 102);
INSERT INTO shipment_item VALUES (1, 10, 1), (2, 10, 2), (3, 10, NULL), (4, 11, 1), (5, 12, 1),
  (6, NULL, 1);                     -- 3 and 6 have a NULL: they reference nothing
INSERT INTO payment VALUES (1, 40);
INSERT INTO gift_card VALUES (1, 12);
INSERT INTO address VALUES (1, 1, 1), (2, 1, 2), (3, 1, NULL), (4, 2, 4);
INSERT INTO event VALUES (1, 1, '2025-05-01'), (2, 1, '2026-02-01'), (3, 2, '2026-03-01');
INSERT INTO invoice VALUES (1, '2025-03-01'), (1, '2026-03-01'), (2, '2026-04-01');
INSERT INTO invoice_line VALUES (1, 1, '2025-03-01'), (2, 1, '2026-03-01'), (3, 2, '2026-04-01');
INSERT INTO "Odd ""Schema"""."Order Items" VALUES (1, 10, 'x'), (2, 11, 'y'), (3, 12, 'z');
INSERT INTO "Odd ""Schema"""."Café" VALUES (1, 1), (2, 2), (3, NULL), (4, 3);
INSERT INTO team VALUES (1, NULL), (2, NULL), (3, NULL), (4, NULL);
INSERT INTO member VALUES (1, 1), (2, 1), (3, 2), (4, 3), (5, 4);
UPDATE team SET lead_id = 2 WHERE id = 2;   -- team 1's member 2 leads team 2
UPDATE team SET lead_id = 3 WHERE id = 3;   -- team 2's member 3 leads team 3
ANALYZE;
