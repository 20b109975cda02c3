\restrict fkdoctorDumpKey
--
-- PostgreSQL database dump (data only, children first)
--

SET statement_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);

--
-- Data for Name: reviews; Type: TABLE DATA; Schema: public
--

COPY public.reviews (book_id, stars, body) FROM stdin;
1	5	A classic «really»
2	3	\N
1	4	Tabs\there
\.


COPY public.books (id, author_id, title) FROM stdin;
1	2	First book
2	1	Second book
\.


COPY public.authors (id, name, mentor_id) FROM stdin;
2	Bea	1
1	Ann	\N
\.


SELECT pg_catalog.setval('public.books_id_seq', 2, true);

--
-- PostgreSQL database dump complete
--

\unrestrict fkdoctorDumpKey
