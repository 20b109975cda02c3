// fix --missing-parents, end to end: scripts with rows whose parent no statement inserts (single-
// and multi-row INSERTs, COPY blocks, a pg_dump data-only dump, descendants several levels
// down, through a self-reference too) are fixed in the embedded sandbox, then run with
// `psql -v ON_ERROR_STOP=1 -f` on each real server. Placeholders must leave what a hand-written
// load with those parents leaves; quarantine must lose nothing: the fixed script's rows plus
// the quarantine file's are the original's, table by table, compared through a real load.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FixResult, fixScript } from '../../../src/doctor/script/fix-script.js';
import type { Engine } from '../../../src/engine/engine.js';
import { openEmbedded } from '../../../src/engine/pglite.js';
import { renderFixSummary } from '../../../src/render/fix-text.js';
import { styleFor } from '../../../src/render/style.js';
import { psqlCommand, psqlFile, snapshot } from '../../support/psql.js';
import { scratchDatabase, testServers } from '../../support/servers.js';

const examples = new URL('./examples/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, examples), 'utf8');
const path = (name: string) => new URL(name, examples).pathname;
const dir = mkdtempSync(join(tmpdir(), 'fkdoctor-missing-'));

let sandbox: Engine;
// One embedded database for all: fix's own close() of it is a no-op here.
const shared = () => Promise.resolve({ ...sandbox, close: async () => undefined });

function fix(
  name: string,
  mode: 'report' | 'placeholder' | 'quarantine',
  schema?: string,
): Promise<FixResult> {
  return fixScript(
    shared,
    { text: read(name), file: name },
    {
      missingParents: mode,
      ...(schema ? { schema: { text: read(schema), file: schema } } : {}),
    },
  );
}

function fixText(text: string, mode: 'placeholder' | 'quarantine'): Promise<FixResult> {
  return fixScript(shared, { text, file: 'inline.sql' }, { missingParents: mode });
}

const summary = (result: FixResult, name: string) =>
  renderFixSummary(result, { text: read(name), file: name }, styleFor(false), false);

const results = new Map<string, FixResult>();

beforeAll(async () => {
  sandbox = await openEmbedded();
  results.set('orders placeholder', await fix('missing-parents.sql', 'placeholder'));
  results.set('orders quarantine', await fix('missing-parents.sql', 'quarantine'));
  results.set(
    'dump quarantine',
    await fix('data-only-orphans.sql', 'quarantine', 'data-only.schema.sql'),
  );
  results.set('full dump quarantine', await fix('full-dump-orphans.sql', 'quarantine'));
});
afterAll(async () => sandbox?.close());

describe('fix: missing parents are reported, each with file:line, table, key and constraint', () => {
  it('lists every row whose parent no statement inserts, and the options', async () => {
    const result = await fix('missing-parents.sql', 'report');
    expect(result.verified).toBe(false);
    expect(
      result.missingParentRows.map((r) => [r.line, r.table.name, r.constraint, r.key]),
    ).toEqual([
      [24, 'orders', 'orders_customer_id_fkey', ['42']],
      [27, 'orders', 'orders_customer_id_fkey', ['77']],
      [39, 'orders', 'orders_customer_id_fkey', ['88']],
    ]);
    expect(result.missingParentRows[2]).toMatchObject({
      rowNumber: 1,
      parentTable: { schema: 'public', name: 'customers' },
      parentColumns: ['id'],
    });
    const text = summary(result, 'missing-parents.sql');
    expect(text).toContain(
      'missing-parents.sql:27 orders (customer_id) = (77): no statement inserts customers (id) = (77) ("orders_customer_id_fkey")',
    );
    expect(text).toContain('--missing-parents placeholder');
    expect(text).toContain('--missing-parents quarantine');
    expect(text).toContain('not fixed');
  });
});

describe('fix --missing-parents placeholder', () => {
  it('inserts the missing parents, one statement per table, before the first row needing them', () => {
    const result = results.get('orders placeholder')!;
    expect(result.verified).toBe(true);
    expect(result.placeholders).toHaveLength(1);
    const [insert] = result.placeholders;
    expect(insert!.keys).toEqual([['42'], ['77'], ['88']]);
    expect(result.statements[insert!.before]!.line).toBe(24);
    expect(result.fixed).toContain(
      [
        '-- fkdoctor: placeholder parents for orders_customer_id_fkey: inserted nowhere in the script (ON CONFLICT DO NOTHING keeps a row that exists)',
        'INSERT INTO public.customers (id, name) VALUES',
        "  ('42', ''),  -- for missing-parents.sql:24",
        "  ('77', ''),  -- for missing-parents.sql:27",
        "  ('88', '')  -- for missing-parents.sql:39",
        'ON CONFLICT DO NOTHING;',
        "INSERT INTO orders VALUES (2, 42, 'customer 42 is inserted nowhere');",
      ].join('\n'),
    );
    expect(summary(result, 'missing-parents.sql')).toContain('3 placeholder parents');
  });

  it('refuses a parent whose NOT NULL column references another table, and says why', async () => {
    const result = await fix('data-only-orphans.sql', 'placeholder', 'data-only.schema.sql');
    expect(result.verified).toBe(false);
    expect(result.refused).toEqual([
      expect.objectContaining({
        option: 'placeholder',
        table: { schema: 'public', name: 'books' },
        reason: expect.stringMatching(/author_id is NOT NULL and references authors/),
      }),
    ]);
    // The authors it could make are still listed.
    expect(result.placeholders.map((p) => [p.table.name, p.keys])).toEqual([
      ['authors', [['7'], ['9']]],
    ]);
  });

  it('leaves a nullable reference of a placeholder NULL, and overrides an identity key', async () => {
    const result = await fixText(
      `CREATE TABLE regions (id int PRIMARY KEY);
CREATE TABLE customers (
  id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  region_id int REFERENCES regions DEFAULT 1,
  born date NOT NULL,
  tags text[] NOT NULL,
  flag boolean NOT NULL,
  created timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE orders (id int PRIMARY KEY, customer_id int REFERENCES customers);
INSERT INTO orders VALUES (1, 5), (2, 6), (3, 5);
`,
      'placeholder',
    );
    expect(result.verified).toBe(true);
    expect(result.placeholders[0]!.sql).toContain(
      `INSERT INTO public.customers (id, region_id, born, tags, flag) OVERRIDING SYSTEM VALUE VALUES
  ('5', NULL, 'epoch', '{}', 'false'),  -- for inline.sql:11
  ('6', NULL, 'epoch', '{}', 'false')  -- for inline.sql:11
ON CONFLICT DO NOTHING;`,
    );
  });

  it('refuses a NOT NULL column of a type it has no safe value for', async () => {
    const result = await fixText(
      `CREATE TYPE mood AS ENUM ('sad', 'ok');
CREATE TABLE people (id int PRIMARY KEY, mood mood NOT NULL);
CREATE TABLE posts (id int PRIMARY KEY, author int REFERENCES people);
INSERT INTO posts VALUES (1, 7);
`,
      'placeholder',
    );
    expect(result.verified).toBe(false);
    expect(result.placeholders).toEqual([]);
    expect(result.refused[0]!.reason).toMatch(
      /mood \(public\.mood\) is NOT NULL without a default/,
    );
  });

  it('refuses a parent whose other column comes from a sequence', async () => {
    const result = await fixText(
      `CREATE TABLE users (email text PRIMARY KEY, n serial);
CREATE TABLE logins (id int PRIMARY KEY, email text REFERENCES users);
INSERT INTO logins VALUES (1, 'a@example.com');
`,
      'placeholder',
    );
    expect(result.verified).toBe(false);
    expect(result.refused[0]!.reason).toMatch(/column n is filled from a sequence/);
  });

  it('does not call a script fixed when a placeholder breaks a CHECK', async () => {
    const result = await fixText(
      `CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL CHECK (name <> ''));
CREATE TABLE orders (id int PRIMARY KEY, customer_id int REFERENCES customers);
INSERT INTO orders VALUES (1, 42);
`,
      'placeholder',
    );
    expect(result.verified).toBe(false);
    expect(result.newFailures).toHaveLength(1);
    expect(result.newFailures[0]!.place).toBeNull();
    expect(result.newFailures[0]!.failure.sqlstate).toBe('23514');
    expect(
      renderFixSummary(result, { text: '', file: 'inline.sql' }, styleFor(false), false),
    ).toContain(
      'a statement fkdoctor added now fails in the sandbox: new row for relation "customers" violates check constraint',
    );
  });
});

describe('fix --missing-parents quarantine', () => {
  it('takes out the rows and their descendants: single- and multi-row INSERTs, COPY', () => {
    const result = results.get('orders quarantine')!;
    expect(result.verified).toBe(true);
    expect(result.rounds).toBe(2);
    const rows = result.quarantine!.rows.map((r) => [
      r.line,
      r.table.name,
      r.key,
      r.parentRow?.line ?? null,
    ]);
    expect(rows.sort((a, b) => (a[0] as number) - (b[0] as number))).toEqual([
      [24, 'orders', ['42'], null],
      [27, 'orders', ['77'], null],
      // COPY rows of order 2's and 4's items, the note on an item (a grandchild), shipments.
      [31, 'order_items', ['2'], 24],
      [32, 'order_items', ['2'], 24],
      [33, 'order_items', ['4'], 27],
      [36, 'item_notes', ['2', '1'], 31],
      [39, 'orders', ['88'], null],
      [42, 'shipments', ['2'], 24],
      [43, 'shipments', ['6'], 39],
    ]);
    // A statement left without rows gives way to a comment; the others keep the rows left.
    expect(result.fixed).toContain(
      "-- fkdoctor: 1 row moved to the quarantine file (parents inserted nowhere in the script): the statement had no other rows\n-- fkdoctor: 1 row moved to the quarantine file (parents inserted nowhere in the script) from the next statement\nINSERT INTO orders (id, customer_id, note) VALUES\n  (3, 41, 'fine'),\n  (5, 41, 'fine');",
    );
    expect(result.fixed).toContain(
      'COPY order_items (order_id, line, sku) FROM stdin;\n1\t1\tA-1\n5\t1\tD-1\n\\.\n',
    );
    expect(result.quarantine!.text).toContain(
      "-- missing-parents.sql:36 (row 1): item_notes_order_id_line_fkey: references order_items (order_id, line) = (2, 1), a row taken out too (missing-parents.sql:31)\nINSERT INTO item_notes VALUES (2, 1, 'a note on an item of order 2');",
    );
    const text = summary(result, 'missing-parents.sql');
    expect(text).toContain('6 rows quarantined because they reference quarantined rows');
    expect(text).toContain('9 rows quarantined)');
  });

  it('follows a self-reference: a row whose mentor is quarantined goes too', () => {
    const result = results.get('dump quarantine')!;
    expect(result.verified).toBe(true);
    const authors = result.quarantine!.rows.filter((r) => r.table.name === 'authors');
    expect(authors.map((r) => [r.line, r.parentRow?.line ?? null])).toEqual(
      expect.arrayContaining([
        [26, null],
        [24, 26],
      ]),
    );
    expect(result.quarantine!.rows).toHaveLength(7);
    // The dump's settings come first, so the qualified names and strings read the same.
    expect(result.quarantine!.text).toContain(
      "SELECT pg_catalog.set_config('search_path', '', false);",
    );
  });

  it('finds in a second run the descendants the text cannot show', async () => {
    const result = await fixText(
      `CREATE TABLE customers (id int PRIMARY KEY);
CREATE TABLE orders (id int PRIMARY KEY, customer_id int REFERENCES customers);
CREATE TABLE items (order_id int REFERENCES orders, sku text);
INSERT INTO customers VALUES (41);
INSERT INTO orders SELECT 9, 41;
INSERT INTO orders VALUES (1, 41), (2, 42);
INSERT INTO items VALUES (1, 'a'), (2, 'b');
`,
      'quarantine',
    );
    expect(result.verified).toBe(true);
    // An INSERT ... SELECT loads orders: which keys the script loads is not known from the text
    // alone, so the items of order 2 come from the run that follows.
    expect(result.rounds).toBe(3);
    expect(result.quarantine!.rows.map((r) => [r.line, r.parentRow?.line ?? null])).toEqual([
      [6, null],
      [7, 6],
    ]);
  });

  it('takes out every failing row of a big statement in one round, however many', async () => {
    const values = Array.from({ length: 1500 }, (_, i) => `(${i}, ${i % 2 === 0 ? 1 : 1000 + i})`);
    const copy = Array.from({ length: 1200 }, (_, i) => `${5000 + i}\t${i % 3 === 0 ? 1 : 9000}`);
    const result = await fixText(
      `CREATE TABLE customers (id int PRIMARY KEY);
CREATE TABLE orders (id int PRIMARY KEY, customer_id int REFERENCES customers);
INSERT INTO customers VALUES (1);
INSERT INTO orders VALUES ${values.join(', ')};
COPY orders FROM stdin;
${copy.join('\n')}
\\.
`,
      'quarantine',
    );
    expect(result.verified).toBe(true);
    expect(result.rounds).toBe(2);
    expect(result.quarantine!.rows).toHaveLength(750 + 800);
  });

  it('a deep tree under a quarantined row goes in one round', async () => {
    const rows = Array.from(
      { length: 40 },
      (_, i) => `INSERT INTO nodes VALUES (${i + 2}, ${i + 1});`,
    );
    const result = await fixText(
      `CREATE TABLE nodes (id int PRIMARY KEY, parent int REFERENCES nodes);
INSERT INTO nodes VALUES (100, NULL);
${rows.join('\n')}
`,
      'quarantine',
    );
    expect(result.verified).toBe(true);
    expect(result.rounds).toBe(2);
    expect(result.quarantine!.rows).toHaveLength(40);
  });

  it('a full dump: the FK added after the data names one key, the rows with any go at once', async () => {
    const quarantined = results.get('full dump quarantine')!;
    expect(quarantined.verified).toBe(true);
    expect(quarantined.rounds).toBe(2);
    expect(quarantined.quarantine!.rows.map((r) => [r.line, r.key])).toEqual([
      [8, ['42']],
      [9, ['43']],
    ]);
    const placeheld = await fix('full-dump-orphans.sql', 'placeholder');
    expect(placeheld.verified).toBe(true);
    expect(placeheld.placeholders[0]!.keys).toEqual([['42'], ['43']]);
  });

  it('a row of a cycle loaded NULL-then-UPDATE whose reference is missing goes too', async () => {
    const text = `${read('cycle-nullable.sql')
      .trimEnd()
      .replace("(30, 'Lab', NULL);", "(30, 'Lab', NULL), (40, 'Ghost', 99);")}\n`;
    const result = await fixText(text, 'quarantine');
    expect(result.plan.nullings).toHaveLength(1);
    expect(result.verified).toBe(true);
    expect(result.quarantine!.rows.map((r) => [r.table.name, r.key])).toEqual([
      ['departments', ['99']],
    ]);
    expect(result.fixed).toContain(
      "INSERT INTO departments (id, name, manager_id) VALUES (10, 'Sales', NULL), (20, 'Ops', NULL), (30, 'Lab', NULL);",
    );
  });

  it('refuses a row that takes its id from a sequence: later ids would change', async () => {
    const result = await fixText(
      `CREATE TABLE customers (id int PRIMARY KEY);
CREATE TABLE orders (id serial PRIMARY KEY, customer_id int REFERENCES customers);
INSERT INTO customers VALUES (1);
INSERT INTO orders (customer_id) VALUES (1), (42), (1);
`,
      'quarantine',
    );
    expect(result.verified).toBe(false);
    expect(result.quarantine).toBeNull();
    expect(result.refused).toEqual([
      expect.objectContaining({
        option: 'quarantine',
        places: [{ statementIndex: 3, rowNumber: 2, line: 4 }],
        reason: expect.stringMatching(/its id comes from a sequence/),
      }),
    ]);
  });

  it('a COPY left without rows gives way to a comment', async () => {
    const result = await fixText(
      `CREATE TABLE customers (id int PRIMARY KEY);
CREATE TABLE orders (id int PRIMARY KEY, customer_id int REFERENCES customers);
COPY orders FROM stdin;
1\t42
2\t43
\\.
INSERT INTO orders VALUES (3, 44);  -- a comment of its own
SELECT count(*) FROM orders;
`,
      'quarantine',
    );
    expect(result.verified).toBe(true);
    expect(result.fixed).toBe(`CREATE TABLE customers (id int PRIMARY KEY);
CREATE TABLE orders (id int PRIMARY KEY, customer_id int REFERENCES customers);
-- fkdoctor: 2 rows moved to the quarantine file (parents inserted nowhere in the script): the statement had no other rows
-- fkdoctor: 1 row moved to the quarantine file (parents inserted nowhere in the script): the statement had no other rows  -- a comment of its own
SELECT count(*) FROM orders;
`);
  });

  it('refuses rows it cannot take out of the text', async () => {
    const result = await fixText(
      `CREATE TABLE customers (id int PRIMARY KEY);
CREATE TABLE orders (id int PRIMARY KEY, customer_id int REFERENCES customers);
INSERT INTO orders SELECT 1, 42;
`,
      'quarantine',
    );
    expect(result.verified).toBe(false);
    expect(result.refused[0]!.reason).toMatch(/no literal rows/);
  });
});

describe.each(testServers())('on $label with psql', (server) => {
  function write(name: string, text: string): string {
    const file = join(dir, `${server.label}-${name}`);
    writeFileSync(file, text);
    return file;
  }

  async function withDatabase(fn: (url: string) => Promise<void> | void): Promise<void> {
    const db = await scratchDatabase(server.url);
    try {
      await fn(db.url);
    } finally {
      await db.drop();
    }
  }

  it('placeholders: the fixed script loads like a hand-written load with those parents', async () => {
    const fixed = write('placeholder.sql', results.get('orders placeholder')!.fixed!);
    let loaded = '';
    await withDatabase((url) => {
      const run = psqlFile(url, fixed);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      loaded = snapshot(url);
    });
    await withDatabase((url) => {
      expect(psqlFile(url, path('missing-parents.placeholder.expected.sql')).status).toBe(0);
      expect(loaded).toBe(snapshot(url));
    });
  });

  // Foreign keys off for the session (superuser), to load rows whatever their parents.
  const noChecks = { PGOPTIONS: '-c session_replication_role=replica' };

  interface QuarantineExample {
    key: string;
    name: string;
    schema?: string;
    /** The parents the script lacks, to load the quarantine file with checks on. */
    parents: string;
    /**
     * The original loads with FK checks off; a key added after the data is checked anyway, so
     * there the original is loaded with the parents added before its keys.
     */
    loadsUnchecked: boolean;
  }
  const quarantineExamples: QuarantineExample[] = [
    {
      key: 'orders quarantine',
      name: 'missing-parents.sql',
      parents: "INSERT INTO customers VALUES (42, 'x'), (77, 'y'), (88, 'z')",
      loadsUnchecked: true,
    },
    {
      key: 'dump quarantine',
      name: 'data-only-orphans.sql',
      schema: 'data-only.schema.sql',
      parents:
        "INSERT INTO authors VALUES (7, 'Gus', NULL), (9, 'Ida', NULL); INSERT INTO books VALUES (4, 9, 'Found')",
      loadsUnchecked: true,
    },
    {
      key: 'full dump quarantine',
      name: 'full-dump-orphans.sql',
      parents: "INSERT INTO customers VALUES (42, 'x'), (43, 'y')",
      loadsUnchecked: false,
    },
  ];

  it.each(quarantineExamples)(
    '$key: nothing is lost, and the quarantine file loads once the parents exist',
    async (example) => {
      const { schema } = example;
      const result = results.get(example.key)!;
      const fixed = write(`${example.name}.fixed.sql`, result.fixed!);
      const quarantine = write(`${example.name}.quarantine.sql`, result.quarantine!.text);
      const countRows = (url: string) =>
        Number(
          psqlCommand(
            url,
            `SELECT count(*) FROM (${tablesOf(url)
              .map((t) => `SELECT 1 FROM ${t}`)
              .join(' UNION ALL ')}) AS rows`,
          ),
        );
      // The fixed script runs clean; its rows plus the quarantined ones are the original's.
      let both = '';
      await withDatabase((url) => {
        if (schema) expect(psqlFile(url, path(schema)).status).toBe(0);
        const run = psqlFile(url, fixed);
        expect(run.stderr).toBe('');
        expect(run.status).toBe(0);
        const left = countRows(url);
        const quarantined = psqlFile(url, quarantine, noChecks);
        expect(quarantined.stderr).toBe('');
        expect(quarantined.status).toBe(0);
        expect(countRows(url) - left).toBe(result.quarantine!.rows.length);
        both = snapshot(url);
      });
      if (example.loadsUnchecked) {
        await withDatabase((url) => {
          if (schema) expect(psqlFile(url, path(schema)).status).toBe(0);
          expect(psqlFile(url, path(example.name), noChecks).status).toBe(0);
          expect(both).toBe(snapshot(url));
        });
      }
      // With the missing parents in place, the quarantine file loads as it is, checks on.
      let loaded = '';
      await withDatabase((url) => {
        if (schema) expect(psqlFile(url, path(schema)).status).toBe(0);
        expect(psqlFile(url, fixed).status).toBe(0);
        psqlCommand(url, example.parents);
        const run = psqlFile(url, quarantine);
        expect(run.stderr).toBe('');
        expect(run.status).toBe(0);
        loaded = snapshot(url);
      });
      if (!example.loadsUnchecked) {
        // The same rows as the original with those parents loaded before its keys are added.
        const original = read(example.name).replace(
          /^ALTER TABLE/m,
          `${example.parents};\nALTER TABLE`,
        );
        await withDatabase((url) => {
          expect(psqlFile(url, write(`${example.name}.with-parents.sql`, original)).status).toBe(0);
          expect(loaded).toBe(snapshot(url));
        });
      }
    },
  );
});

function tablesOf(url: string): string[] {
  return psqlCommand(
    url,
    "SELECT c.oid::regclass FROM pg_class c WHERE c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace ORDER BY 1",
  )
    .trim()
    .split('\n');
}
