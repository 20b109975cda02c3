-- Differences in B (after base.sql) that fkdoctor reports without a fix.

-- An index A lacks: fkdoctor does not drop it.
CREATE INDEX review_product_id_idx ON shop.review (product_id);
-- A table A does not have, with an FK.
CREATE TABLE shop.audit_log (id int PRIMARY KEY, order_id int REFERENCES shop.orders);
-- product.sku is not unique here, so A's review -> product (sku) cannot be added as it is.
ALTER TABLE shop.product DROP CONSTRAINT product_sku_key;
ALTER TABLE shop.review ADD COLUMN sku text;
