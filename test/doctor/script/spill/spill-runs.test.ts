// The spill pass cuts a script into a skeleton and runs on disk; written back in the same order
// they must give the very bytes of the script, whatever sits between its statements.

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixPlan } from '../../../../src/doctor/script/plan/fix-plan.js';
import { writeFixedScript } from '../../../../src/doctor/script/plan/write-script.js';
import { schemaCatalog } from '../../../../src/doctor/script/schema-catalog.js';
import { schemaStatements } from '../../../../src/doctor/script/schema-statements.js';
import { type SpilledScript, spillRuns } from '../../../../src/doctor/script/spill/spill-runs.js';
import { userLineOf, writeExpanded } from '../../../../src/doctor/script/spill/write-expanded.js';
import type { Engine } from '../../../../src/engine/engine.js';
import { openEmbedded } from '../../../../src/engine/pglite.js';
import { buildFkGraph } from '../../../../src/model/fk-graph.js';
import { scanScript } from '../../../../src/sql/split/index.js';
import { chunksOf } from '../../../support/streamed.js';

const examples = new URL('../examples/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, examples), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'fkdoctor-spill-test-'));

let sandbox: Engine;
beforeAll(async () => {
  sandbox = await openEmbedded();
});
afterAll(async () => sandbox?.close());

let count = 0;
async function spill(text: string, schema?: string, size = 7) {
  const ddl = await schemaStatements(chunksOf(text, 4096));
  const catalog = await schemaCatalog(
    sandbox,
    { text: ddl, statements: scanScript(ddl).statements },
    schema ? { text: schema, file: 'schema.sql' } : undefined,
  );
  const graph = buildFkGraph(catalog);
  const where = mkdtempSync(join(dir, `case-${count++}-`));
  return { spilled: await spillRuns(chunksOf(text, size), graph, where), where };
}

/** The skeleton in its own order, runs put back: the script as it came. */
function unmoved(spilled: SpilledScript, where: string): string {
  const { statements, trailing } = scanScript(spilled.skeleton);
  const plan: FixPlan = {
    order: statements.map((s) => s.index),
    moves: [],
    deferrals: [],
    nullings: [],
    unfixable: [],
    changed: false,
  };
  const origins = new Map<number, number>();
  const fixed = writeFixedScript(spilled.skeleton, statements, trailing, plan, null, origins);
  const out = join(where, 'out.sql');
  writeExpanded(fixed, origins, statements, spilled, out, { bom: spilled.bom });
  return readFileSync(out, 'utf8');
}

const schema = `CREATE TABLE a (id int PRIMARY KEY);
CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a);
CREATE TABLE s (id int PRIMARY KEY, up int REFERENCES s);
`;

/** [name, script, every statement ends its line (else only the statements must survive)] */
const tricky: [string, string, boolean][] = [
  [
    'statements sharing lines, comments between, no final newline',
    `${schema}INSERT INTO b VALUES (1, 1); INSERT INTO b VALUES (2, 1); -- two on a line
-- about a
INSERT INTO a VALUES (1);  SELECT 1; INSERT INTO a VALUES (2);
/* block */ INSERT INTO s VALUES (1, NULL);
INSERT INTO b VALUES (3, 2)`,
    true,
  ],
  [
    'a meta-command inside an INSERT, \\set and variables',
    `${schema}\\set k 5
INSERT INTO a VALUES (1);
INSERT INTO a VALUES (:k);
INSERT INTO b VALUES (1,
\\echo inside
1);
INSERT INTO b VALUES (2, 1);
`,
    true,
  ],
  [
    'COPY text and CSV with CRLF, unicode and a quoted newline',
    `${schema}COPY a (id) FROM stdin;\r\n1\r\n2\r\n\\.\r\nCOPY b FROM stdin WITH (FORMAT csv);\n1,1\n2,"2"\n\\.\n-- ünïcødé 🐘\nINSERT INTO a VALUES (3); -- é\n`,
    true,
  ],
  [
    'a byte order mark, dollar quotes and a DO block between loads',
    `\uFEFF${schema}INSERT INTO a VALUES (1);
DO $$ BEGIN PERFORM 1; END $$;
INSERT INTO a VALUES (2);
INSERT INTO b VALUES (1, 1);
`,
    true,
  ],
];

/** The statements psql would run, each as written. */
const statementTexts = (text: string) =>
  scanScript(text.replace(/^\uFEFF/, '')).statements.map((s) =>
    text.replace(/^\uFEFF/, '').slice(s.span.start, s.span.end),
  );

describe('spilled runs written back unmoved give the script byte for byte', () => {
  it.each(tricky)('%s', async (_name, text, exact) => {
    for (const size of [1, 7, 4096]) {
      const { spilled, where } = await spill(text, undefined, size);
      expect(spilled.runs.length).toBeGreaterThan(0);
      const back = unmoved(spilled, where);
      // Statements sharing a line with a run's get a line break between them, as fix's
      // writer gives any statement it writes apart from the one before it.
      if (exact) expect(JSON.stringify(back)).toBe(JSON.stringify(text));
      else expect(statementTexts(back)).toEqual(statementTexts(text));
    }
  });

  it.each([
    'batch-inserts',
    'mixed',
    'self-reference-split',
    'cycle-nullable',
    'orders-before-customers',
  ])('example %s', async (name) => {
    const text = read(`${name}.sql`);
    const { spilled, where } = await spill(text);
    expect(unmoved(spilled, where)).toBe(text);
  });

  it('example data-only (schema given apart)', async () => {
    const text = read('data-only.sql');
    const { spilled, where } = await spill(text, read('data-only.schema.sql'));
    expect(spilled.runs.length).toBeGreaterThan(0);
    expect(unmoved(spilled, where)).toBe(text);
  });
});

describe('what is spilled and what stays', () => {
  it('runs are consecutive plain loads of one table outside every cycle', async () => {
    const { spilled } = await spill(tricky[0]![1]);
    expect(spilled.runs.map((r) => [r.table, r.statements, r.firstLine])).toEqual([
      ['public.b', 2, 4],
      ['public.a', 1, 6],
      ['public.a', 1, 6],
    ]);
    // The self-referencing table's rows stay in the skeleton, and so does the SELECT.
    expect(spilled.skeleton).toContain('INSERT INTO s VALUES (1, NULL);');
    expect(spilled.skeleton).toContain('SELECT 1;');
    // The last INSERT has no `;`: psql sends it at the end, and it stays where it is.
    expect(spilled.skeleton).toContain('INSERT INTO b VALUES (3, 2)');
  });

  it('an INSERT with a psql variable, or around a meta-command, stays in the skeleton', async () => {
    const { spilled } = await spill(tricky[1]![1]);
    expect(spilled.skeleton).toContain('INSERT INTO a VALUES (:k);');
    expect(spilled.skeleton).toContain('\\echo inside\n1);');
    expect(spilled.runs.map((r) => [r.table, r.firstLine])).toEqual([
      ['public.a', 5],
      ['public.b', 10],
    ]);
  });

  it('a long run of INSERTs goes to disk as it is read, not held until it ends', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => `INSERT INTO b VALUES (${i}, 1);\n`);
    const text = `${schema}${rows.join('')}INSERT INTO a VALUES (1);\n`;
    const { spilled, where } = await spill(text, undefined, 4096);
    expect(spilled.runs.map((r) => [r.table, r.statements])).toEqual([
      ['public.b', 20_000],
      ['public.a', 1],
    ]);
    // About a chunk and a statement, not the run's 600 KB.
    expect(spilled.heldPeak).toBeLessThan(3 * 4096);
    expect(unmoved(spilled, where)).toBe(text);
  });

  it("skeleton lines lead back to the user's lines", async () => {
    const text = tricky[3]![1];
    const { spilled } = await spill(text);
    const lines = spilled.skeleton.split('\n');
    const doLine = lines.findIndex((l) => l.startsWith('DO $$')) + 1;
    expect(userLineOf(spilled.anchors, doLine)).toBe(
      text.split('\n').findIndex((l) => l.startsWith('DO $$')) + 1,
    );
  });
});
