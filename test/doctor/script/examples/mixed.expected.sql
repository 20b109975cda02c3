SET client_encoding = 'UTF8';
\set shop_name 'Zoë''s «Café»'
CREATE TABLE "Kunden" ("Kunden-ID" integer PRIMARY KEY, name text NOT NULL);
CREATE TABLE bestellungen (id integer PRIMARY KEY, kunde integer NOT NULL REFERENCES "Kunden" ("Kunden-ID"), notiz text);
CREATE TABLE audit (id serial PRIMARY KEY, note text);
INSERT INTO "Kunden" VALUES (7, :'shop_name'), (8, 'Ümit');
INSERT INTO bestellungen VALUES (1, 7, E'first line\nsecond \'quoted\' line');
INSERT INTO bestellungen VALUES (2, 8, $note$a $$dollar$$ note; with a semicolon$note$);
INSERT INTO audit (note) SELECT 'orders so far: ' || count(*) FROM bestellungen;
UPDATE bestellungen SET notiz = upper(notiz) WHERE id = 2;
