// Generates the fix benchmark's input: a data-only script (as pg_dump --data-only writes it:
// COPY blocks, a few multi-row INSERTs) of about `--mb` megabytes, children first, so that
// every parent table comes after its children. Deterministic (seeded), written to .bench-data/
// (never committed). Usage: node bench/fix/generate.mjs [--mb 100]

import { createWriteStream, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const mbArg = process.argv.indexOf('--mb');
const targetMb = mbArg > 0 ? Number(process.argv[mbArg + 1]) : 100;
const out = fileURLToPath(new URL(`../../.bench-data/fix-${targetMb}mb.sql`, import.meta.url));
mkdirSync(new URL('../../.bench-data/', import.meta.url), { recursive: true });

let seed = 42;
const random = () => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
};
const pick = (n) => 1 + Math.floor(random() * n);

// Row counts scale with the target size (about 30 bytes a row on average).
const scale = targetMb / 33;
const n = {
  regions: 50,
  categories: Math.round(2_000 * scale),
  products: Math.round(50_000 * scale),
  customers: Math.round(150_000 * scale),
  departments: 200,
  employees: Math.round(5_000 * scale),
  orders: Math.round(300_000 * scale),
  items: Math.round(450_000 * scale),
  invoices: Math.round(200_000 * scale),
};

const file = createWriteStream(out);
const write = (s) =>
  file.write(s) ? Promise.resolve() : new Promise((r) => file.once('drain', r));

async function copy(table, columns, count, row) {
  await write(`\n--\n-- Data for Name: ${table}; Type: TABLE DATA; Schema: public\n--\n\n`);
  await write(`COPY public.${table} (${columns.join(', ')}) FROM stdin;\n`);
  let buffer = '';
  for (let i = 1; i <= count; i++) {
    buffer += `${row(i).join('\t')}\n`;
    if (buffer.length > 1 << 16) {
      await write(buffer);
      buffer = '';
    }
  }
  await write(`${buffer}\\.\n`);
}

const when = (i) =>
  `2025-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')} 10:${String(i % 60).padStart(2, '0')}:00+00`;

await write(
  `--\n-- PostgreSQL database dump (fkdoctor benchmark, children first)\n--\n\nSET statement_timeout = 0;\nSET client_encoding = 'UTF8';\nSET standard_conforming_strings = on;\nSELECT pg_catalog.set_config('search_path', '', false);\n`,
);
await copy('invoices', ['id', 'order_id', 'amount', 'note'], n.invoices, (i) => [
  i,
  pick(n.orders),
  (random() * 1000).toFixed(2),
  i % 7 ? '\\N' : `paid in full, thanks ${i}`,
]);
await copy('order_items', ['order_id', 'line_no', 'product_id', 'quantity'], n.items, (i) => [
  1 + ((i - 1) % n.orders),
  1 + Math.floor((i - 1) / n.orders),
  pick(n.products),
  pick(9),
]);
await copy('orders', ['id', 'customer_id', 'handled_by', 'placed_at'], n.orders, (i) => [
  i,
  pick(n.customers),
  i % 3 ? pick(n.employees) : '\\N',
  when(i),
]);
// Customers referring customers: rows appear before the customer they name.
await copy('customers', ['id', 'region_id', 'referred_by', 'email'], n.customers, (i) => [
  i,
  pick(n.regions),
  i < n.customers && i % 4 === 0
    ? i + 1 + Math.floor(random() * Math.min(50, n.customers - i))
    : '\\N',
  `customer${i}@example.com`,
]);
await copy('products', ['id', 'category_id', 'name', 'price'], n.products, (i) => [
  i,
  pick(n.categories),
  `Product ${i} «special»`,
  (1 + random() * 99).toFixed(2),
]);
// Categories as one-row INSERTs, children before parents (the self-reference across statements).
await write('\n');
for (let i = n.categories; i >= 1; i--) {
  const parent = i > 20 ? 1 + Math.floor(i / 20) : 'NULL';
  await write(
    `INSERT INTO public.categories (id, parent_id, name) VALUES (${i}, ${parent}, 'Category ${i}');\n`,
  );
}
// The cycle: employees need departments (NOT NULL), departments name a manager (nullable).
await copy('employees', ['id', 'department_id', 'name'], n.employees, (i) => [
  i,
  pick(n.departments),
  `Employee ${i}`,
]);
await copy('departments', ['id', 'name', 'manager_id'], n.departments, (i) => [
  i,
  `Department ${i}`,
  pick(n.employees),
]);
await copy('regions', ['id', 'name'], n.regions, (i) => [i, `Region ${i}`]);
await write('\n--\n-- PostgreSQL database dump complete\n--\n\n');
file.end();
await new Promise((resolve) => file.on('finish', resolve));
const rows = Object.values(n).reduce((a, b) => a + b, 0);
console.log(JSON.stringify({ file: out, rows }));
