-- Differences planted in database B (after base.sql), each one fkdoctor drift can fix.

-- drift-missing: B lacks order_line -> product.
ALTER TABLE shop.order_line DROP CONSTRAINT order_line_product_id_fkey;
-- drift-extra: B has order_line (product_sku) -> product (sku).
ALTER TABLE shop.order_line ADD CONSTRAINT order_line_product_sku_fkey
  FOREIGN KEY (product_sku) REFERENCES shop.product (sku);
-- drift-different (ON DELETE) and drift-renamed on the same FK.
ALTER TABLE shop.orders DROP CONSTRAINT orders_customer_id_fkey,
  ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES shop.customer;
-- drift-different: deferrability, on odd names.
ALTER TABLE "Sales Dept"."Ünïcødé 表 🐘" ALTER CONSTRAINT "FK ""quoted"" to VIP" NOT DEFERRABLE;
-- drift-different: MATCH SIMPLE instead of FULL, on an FK to a partitioned table.
ALTER TABLE shop.refund DROP CONSTRAINT refund_payment_id_payment_paid_fkey,
  ADD CONSTRAINT refund_payment_id_payment_paid_fkey FOREIGN KEY (payment_id, payment_paid)
  REFERENCES shop.payment (id, paid);
-- drift-different: SET NULL of every column instead of (order_id).
ALTER TABLE shop.shipment DROP CONSTRAINT shipment_order_id_customer_id_fkey,
  ADD CONSTRAINT shipment_order_id_customer_id_fkey FOREIGN KEY (order_id, customer_id)
  REFERENCES shop.orders (id, customer_id) ON DELETE SET NULL;
-- drift-different: NOT VALID.
ALTER TABLE public."MixedCase" DROP CONSTRAINT "MixedCase_Self",
  ADD CONSTRAINT "MixedCase_Self" FOREIGN KEY ("Parent") REFERENCES public."MixedCase"
  ON UPDATE CASCADE NOT VALID;
-- drift-different: the triggers of payment_order_id_fkey disabled on one partition: one
-- finding for the partitioned table's FK, none for the partitions.
DO $$
DECLARE t record;
BEGIN
  FOR t IN
    SELECT tg.tgname FROM pg_trigger tg JOIN pg_constraint c ON c.oid = tg.tgconstraint
    WHERE tg.tgrelid = 'shop.payment_2025'::regclass AND c.conname = 'payment_order_id_fkey'
  LOOP
    EXECUTE format('ALTER TABLE shop.payment_2025 DISABLE TRIGGER %I', t.tgname);
  END LOOP;
END $$;
-- drift-renamed on a partitioned table: created under another name, copies on partitions too.
ALTER TABLE shop.payment DROP CONSTRAINT payment_customer_id_fkey,
  ADD CONSTRAINT payment_customer_fk FOREIGN KEY (customer_id) REFERENCES shop.customer;
-- drift-index: orders.customer_id's index left INVALID (as a failed CREATE INDEX CONCURRENTLY
-- leaves it); no index for the partitioned payment.order_id, and its name taken by another.
UPDATE pg_index SET indisvalid = false WHERE indexrelid = 'shop.orders_customer_id_idx'::regclass;
DROP INDEX shop.payment_order_id_idx;
CREATE INDEX payment_order_id_idx ON shop.refund (payment_id);
-- drift-index on one partition: its own index for payment.customer_id is gone.
DROP INDEX shop.payment_2024_customer_id_idx;
