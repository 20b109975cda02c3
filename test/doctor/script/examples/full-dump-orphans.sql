-- A full dump (pg_dump style): tables, then the data, then the keys. Customers 42 and 43 are
-- not in it, so adding the foreign key at the end fails, and the server names only 42.
CREATE TABLE public.customers (id integer NOT NULL, name text NOT NULL);
CREATE TABLE public.orders (id integer NOT NULL, customer_id integer NOT NULL, note text);

COPY public.orders (id, customer_id, note) FROM stdin;
1	41	fine
2	42	customer 42 is not in the dump
3	43	nor is customer 43
4	41	fine
\.

COPY public.customers (id, name) FROM stdin;
41	Ann
\.

ALTER TABLE ONLY public.customers ADD CONSTRAINT customers_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.orders ADD CONSTRAINT orders_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.orders
    ADD CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES public.customers(id);
