-- The schema of the fix benchmark: 10 tables, two self-references (categories.parent_id,
-- customers.referred_by), a two-table cycle (departments.manager_id <-> employees.department_id,
-- broken through the nullable manager_id), composite keys.
CREATE TABLE regions (id integer PRIMARY KEY, name text NOT NULL);
CREATE TABLE categories (id integer PRIMARY KEY, parent_id integer REFERENCES categories (id), name text NOT NULL);
CREATE TABLE products (id integer PRIMARY KEY, category_id integer NOT NULL REFERENCES categories (id), name text NOT NULL, price numeric(10,2) NOT NULL);
CREATE TABLE customers (id integer PRIMARY KEY, region_id integer NOT NULL REFERENCES regions (id), referred_by integer REFERENCES customers (id), email text NOT NULL UNIQUE);
CREATE TABLE departments (id integer PRIMARY KEY, name text NOT NULL, manager_id integer);
CREATE TABLE employees (id integer PRIMARY KEY, department_id integer NOT NULL REFERENCES departments (id), name text NOT NULL);
ALTER TABLE departments ADD CONSTRAINT departments_manager_id_fkey FOREIGN KEY (manager_id) REFERENCES employees (id);
CREATE TABLE orders (id integer PRIMARY KEY, customer_id integer NOT NULL REFERENCES customers (id), handled_by integer REFERENCES employees (id), placed_at timestamptz NOT NULL);
CREATE TABLE order_items (order_id integer NOT NULL REFERENCES orders (id), line_no integer NOT NULL, product_id integer NOT NULL REFERENCES products (id), quantity integer NOT NULL, PRIMARY KEY (order_id, line_no));
CREATE TABLE invoices (id integer PRIMARY KEY, order_id integer NOT NULL REFERENCES orders (id), amount numeric(12,2) NOT NULL, note text);
