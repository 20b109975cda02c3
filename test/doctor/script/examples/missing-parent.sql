-- Customer 42 is never inserted: no order of statements can fix this.
CREATE TABLE customers (id integer PRIMARY KEY);
CREATE TABLE orders (id integer PRIMARY KEY, customer_id integer REFERENCES customers (id));
INSERT INTO orders VALUES (1, 41), (2, 42);
INSERT INTO customers VALUES (41);
