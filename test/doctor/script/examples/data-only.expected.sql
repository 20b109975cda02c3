COPY public.authors (id, name, mentor_id) FROM stdin;
1	Ann	\N
2	Bea	1
\.
COPY public.books (id, author_id, title) FROM stdin;
1	2	First book
2	1	Second book
\.
COPY public.reviews (book_id, stars, body) FROM stdin;
1	5	A classic «really»
2	3	\N
1	4	Tabs\there
\.
SELECT pg_catalog.setval('public.books_id_seq', 2, true);
