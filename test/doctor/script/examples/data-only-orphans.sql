--
-- PostgreSQL database dump (data only, children first), with rows whose parents are not in it
--

SET statement_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);

COPY public.reviews (book_id, stars, body) FROM stdin;
1	5	A classic «really»
3	2	Book 3 is by author 9, who is not in the dump
4	1	Book 4 is not in the dump
10	4	Book 10 is by Eli, whose mentor is not in the dump
\.

COPY public.books (id, author_id, title) FROM stdin;
1	2	First book
3	9	Orphan book
10	8	Eli's book
\.

COPY public.authors (id, name, mentor_id) FROM stdin;
8	Eli	6
2	Bea	\N
6	Dee	7
5	Cid	2
\.

SELECT pg_catalog.setval('public.books_id_seq', 10, true);
