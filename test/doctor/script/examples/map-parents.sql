-- A seed exported from staging, where the customer ids are not production's. Ann and Bob are
-- in production already (under other ids): ON CONFLICT keeps theirs and skips staging's rows.
INSERT INTO customers (id, email, name) VALUES
  (101, 'ann@example.com', 'Ann'),
  (102, 'bob@example.com', 'Bob'),
  (103, 'dee@example.com', 'Dee')
ON CONFLICT (email) DO NOTHING;

INSERT INTO orders (id, customer_id, customer_email, total) VALUES
  (1, 101, NULL, 10.00),  -- Ann: her staging row above carries her email
  (2, 103, NULL, 20.00),  -- Dee: new, inserted above
  (3, 102, 'bob@example.com', 30.00);
-- Orders whose customers staging did not export: the email column says who they are.
COPY orders (id, customer_id, customer_email, total) FROM stdin;
4	555	cy@example.com	40.00
5	556	ann@example.com	50.00
\.
INSERT INTO order_items VALUES (1, 1, 'A-1'), (4, 1, 'C-1'), (5, 1, 'A-2'), (3, 1, 'B-1');
