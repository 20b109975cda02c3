CREATE TABLE public.authors (id integer PRIMARY KEY, name text NOT NULL, mentor_id integer REFERENCES public.authors (id));
CREATE TABLE public.books (id serial PRIMARY KEY, author_id integer NOT NULL REFERENCES public.authors (id), title text NOT NULL);
CREATE TABLE public.reviews (book_id integer NOT NULL REFERENCES public.books (id), stars integer NOT NULL, body text);
