-- Names that every output format must carry through unharmed: spaces, double quotes, Mixed
-- Case, unicode (combining marks, CJK, an emoji), and the characters DOT, Mermaid, XML and
-- the shell treat specially: \ " # ; | ` < > & and a line break.

CREATE SCHEMA "Sales Dept";

CREATE TABLE "Sales Dept"."Customer ""VIP"" <List> & Co" (id int PRIMARY KEY);

CREATE TABLE "Sales Dept"."Orders|#35;`x`" (
  id int PRIMARY KEY,
  "Customer Id" int REFERENCES "Sales Dept"."Customer ""VIP"" <List> & Co" ON DELETE CASCADE
);

CREATE TABLE public."Ünïcødé 表 🐘" (
  id int PRIMARY KEY,
  order_id int,
  CONSTRAINT "FK ""quoted"" back\slash" FOREIGN KEY (order_id)
    REFERENCES "Sales Dept"."Orders|#35;`x`" DEFERRABLE
);

-- A cycle through two schemas: the orders reference the unicode table back.
ALTER TABLE "Sales Dept"."Orders|#35;`x`" ADD COLUMN "Ünï id" int,
  ADD CONSTRAINT "orders → ünï" FOREIGN KEY ("Ünï id") REFERENCES public."Ünïcødé 表 🐘";

CREATE TABLE public."MixedCase" (id int PRIMARY KEY, "Parent" int,
  CONSTRAINT "MixedCase_Self" FOREIGN KEY ("Parent") REFERENCES public."MixedCase");

CREATE TABLE public.U&"two\000Alines" (id int PRIMARY KEY,
  mixed_id int REFERENCES public."MixedCase" ON DELETE SET NULL);
