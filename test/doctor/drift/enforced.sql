-- PG 18 only, in B: an FK made NOT ENFORCED (nothing checks it; ALTER CONSTRAINT ... ENFORCED
-- gives it back, checking every row).
ALTER TABLE shop.review ALTER CONSTRAINT review_product_id_fkey NOT ENFORCED;
