-- Differences in A (after base.sql) that B's fix cannot or should not take over.

-- A's FK is NOT VALID, B's is validated: B checks more; nothing to do in B.
ALTER TABLE shop.review DROP CONSTRAINT review_product_id_fkey,
  ADD CONSTRAINT review_product_id_fkey FOREIGN KEY (product_id) REFERENCES shop.product
  ON UPDATE CASCADE NOT VALID;
-- Tables B does not have: one with an FK, one without any.
CREATE TABLE shop.gift_card (id int PRIMARY KEY, customer_id int REFERENCES shop.customer);
CREATE TABLE shop.note (id int PRIMARY KEY, body text);
-- An FK on a column B's table does not have.
ALTER TABLE shop.orders ADD COLUMN coupon_id int REFERENCES shop.product;
-- An FK to a column B's table has no unique key on.
ALTER TABLE shop.review ADD COLUMN sku text REFERENCES shop.product (sku);
