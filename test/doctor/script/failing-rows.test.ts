// Every failing row of a multi-row INSERT or COPY, on PGlite and each server: composite and
// MATCH FULL keys, partitioned tables (FKs on the parent, on single partitions, and to a
// partitioned parent), identity columns, ON CONFLICT, INSERT ... SELECT, and a capped list.

import { describe, expect, it } from 'vitest';
import { scriptFailures } from '../../../src/doctor/script/failure.js';
import { runScript } from '../../../src/doctor/script/run-statements.js';
import type { Engine } from '../../../src/engine/engine.js';
import { splitScript } from '../../../src/sql/split/index.js';
import { engineSubjects, openForSuite } from '../../support/engines.js';

const schema = `
  create table regions (country text, code text, primary key (country, code));
  create table stores (
    id int generated always as identity primary key,
    country text,
    code text,
    foreign key (country, code) references regions
  );
  create table strict_stores (
    id int primary key,
    country text,
    code text,
    foreign key (country, code) references regions match full
  );
  create table customers (id int primary key);
  create table "Event Log" (
    id bigserial primary key,
    "Customer" int references customers,
    at date not null,
    note text default 'none'
  ) ;
  create table payments (
    id int,
    customer_id int,
    paid date not null,
    primary key (id, paid)
  ) partition by range (paid);
  create table payments_2024 partition of payments for values from ('2024-01-01') to ('2025-01-01');
  create table payments_2025 partition of payments for values from ('2025-01-01') to ('2026-01-01');
  -- Only the 2025 partition checks its customers, as pagila declares FKs per partition.
  alter table payments_2025 add foreign key (customer_id) references customers;
  create table refunds (
    id int primary key,
    payment_id int,
    paid date,
    foreign key (payment_id, paid) references payments
  );
  create table tags (name text primary key);
  create table item_tags (item int, tag text references tags, unique (item, tag));
`;

async function failuresOf(db: Engine, script: string) {
  const statements = splitScript(script);
  const outcomes = await runScript(db, script, statements, { rowLimit: 50 });
  return scriptFailures(script, statements, outcomes);
}

/** The rows the parents hold before each script. */
const parents = `
  insert into regions values ('FR', '75'), ('DE', 'BE');
  insert into customers values (1), (2);
  insert into tags values ('red');
`;

describe.each(engineSubjects())('failing rows on $label', (subject) => {
  let db: Engine;
  openForSuite(subject, schema + parents, (engine) => {
    db = engine;
  });

  it('reads composite keys, skips keys with a NULL (MATCH SIMPLE), on an identity table', async () => {
    const script = `insert into stores (country, code) values
      ('FR', '75'),
      ('FR', '13'),
      (null, 'XX'),
      ('DE', 'BE'),
      ('DE', 'MU');`;
    const [failure] = await failuresOf(db, script);
    expect(failure!.rows).toEqual([
      expect.objectContaining({
        rowNumber: 2,
        line: 3,
        columns: ['country', 'code'],
        key: ['FR', '13'],
      }),
      expect.objectContaining({ rowNumber: 5, line: 6, key: ['DE', 'MU'] }),
    ]);
  });

  it('reads a one-row key whose DETAIL splits two ways from the row itself', async () => {
    const script =
      "insert into regions values ('FR', 'x, y');\ninsert into stores (country, code) values ('FR, x', 'y');";
    const failures = await failuresOf(db, script);
    expect(failures[0]!.violation!.keyAlternatives).toHaveLength(2);
    expect(failures[0]!.rows!.map((r) => r.key)).toEqual([['FR, x', 'y']]);
  });

  it('fails partly NULL keys under MATCH FULL', async () => {
    const script = `insert into strict_stores values (1, 'FR', null), (2, null, null), (3, 'FR', '75'), (4, 'FR', '99');`;
    const [failure] = await failuresOf(db, script);
    expect(failure!.rows!.map((r) => [r.rowNumber, r.key])).toEqual([
      [1, ['FR', null]],
      [4, ['FR', '99']],
    ]);
  });

  it('handles quoted names, defaults and serial columns it does not need', async () => {
    const script = `insert into "Event Log" ("Customer", at) values (1, '2024-01-01'), (3, '2024-01-02'), (null, '2024-01-03'), (4, '2024-01-04');`;
    const [failure] = await failuresOf(db, script);
    expect(failure!.rows!.map((r) => [r.rowNumber, r.constraint, r.key])).toEqual([
      [2, 'Event Log_Customer_fkey', ['3']],
      [4, 'Event Log_Customer_fkey', ['4']],
    ]);
  });

  it('applies an FK declared on one partition only to the rows routed there', async () => {
    const script = [
      'insert into payments values',
      "  (1, 9, '2024-03-01'),",
      "  (2, 9, '2025-03-01'),",
      "  (3, 1, '2025-04-01'),",
      "  (4, 8, '2025-05-01');",
    ].join('\n');
    const [failure] = await failuresOf(db, script);
    expect(failure!.rows!.map((r) => [r.rowNumber, r.line, r.constraint, r.key])).toEqual([
      [2, 3, 'payments_2025_customer_id_fkey', ['9']],
      [4, 5, 'payments_2025_customer_id_fkey', ['8']],
    ]);
  });

  it('looks for parents in every partition of a partitioned parent', async () => {
    const script = [
      "insert into payments values (1, 1, '2024-06-01'), (2, 2, '2025-06-01');",
      "insert into refunds values (1, 1, '2024-06-01'), (2, 2, '2025-06-01'), (3, 2, '2024-06-01');",
    ].join('\n');
    const failures = await failuresOf(db, script);
    expect(failures).toHaveLength(1);
    expect(failures[0]!.rows!.map((r) => [r.rowNumber, r.key])).toEqual([[3, ['2', '2024-06-01']]]);
  });

  it('replays ON CONFLICT and INSERT ... SELECT statements', async () => {
    const script = [
      "insert into item_tags values (1, 'red'), (1, 'blue'), (2, 'green') on conflict (item, tag) do nothing;",
      "insert into item_tags select n, case when n % 2 = 0 then 'red' else 'pink' end from generate_series(1, 4) as n;",
    ].join('\n');
    const failures = await failuresOf(db, script);
    expect(failures.map((f) => f.rows!.map((r) => [r.rowNumber, r.line, r.key]))).toEqual([
      [
        [2, 1, ['blue']],
        [3, 1, ['green']],
      ],
      [
        [1, 2, ['pink']],
        [3, 2, ['pink']],
      ],
    ]);
  });

  it('caps the list and still counts every failing row', async () => {
    const rows = Array.from({ length: 120 }, (_, i) => `(${i + 1}, 'FR', 'x${i % 3}')`);
    const script = `insert into strict_stores values ${rows.join(', ')};`;
    const [failure] = await failuresOf(db, script);
    expect(failure!.rows).toHaveLength(50);
    expect(failure!.rowsTotal).toBe(120);
  });
});
