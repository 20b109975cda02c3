-- map-parents.sql with each order's customer set by hand to production's id for that email.
INSERT INTO customers (id, email, name) VALUES
  (101, 'ann@example.com', 'Ann'),
  (102, 'bob@example.com', 'Bob'),
  (103, 'dee@example.com', 'Dee')
ON CONFLICT (email) DO NOTHING;
INSERT INTO orders (id, customer_id, customer_email, total) VALUES
  (1, 7, NULL, 10.00),
  (2, 103, NULL, 20.00),
  (3, 8, 'bob@example.com', 30.00),
  (4, 9, 'cy@example.com', 40.00),
  (5, 7, 'ann@example.com', 50.00);
INSERT INTO order_items VALUES (1, 1, 'A-1'), (4, 1, 'C-1'), (5, 1, 'A-2'), (3, 1, 'B-1');
