// Every check's own examples, on PGlite and every test server: an invalid example gives exactly
// the findings it lists; a valid one gives none at warning or error; and running the fix of
// every finding makes the check find nothing more (the fix is proven, not just printed).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Check, CheckExample } from '../../../src/doctor/audit/check.js';
import { checks } from '../../../src/doctor/audit/registry.js';
import { runAudit } from '../../../src/doctor/audit/run-audit.js';
import type { Engine } from '../../../src/engine/engine.js';
import type { Finding } from '../../../src/model/finding.js';
import { quoteIdent } from '../../../src/sql/quote.js';
import { splitScript, statementText } from '../../../src/sql/split/index.js';
import { engineSubjects, type OpenedEngine } from '../../support/engines.js';

const subjects = engineSubjects();

describe.each(subjects.map((s) => [s.label, s] as const))('check examples on %s', (_, subject) => {
  let opened: OpenedEngine | undefined;
  let counter = 0;
  beforeAll(async () => {
    opened = await subject.open();
  });
  afterAll(() => opened?.close());

  /** Loads the example into a schema of its own and audits that schema with the one check. */
  async function audit(check: Check, example: CheckExample) {
    const engine = opened!.engine;
    const schema = `ex_${++counter}_${check.id.replaceAll('-', '_')}`;
    await engine.exec(`create schema ${schema}; set search_path = ${schema};`);
    await engine.exec(example.sql);
    await engine.exec('analyze');
    const run = () => runAudit(engine, { checks: [check], schemas: [schema] });
    return { engine, schema, run, report: await run() };
  }

  describe.each(checks.map((c) => [c.id, c] as const))('%s', (_, check) => {
    it.each(check.examples.valid.map((e) => [e.name, e] as const))(
      'valid: %s',
      async (_, example) => {
        const { report } = await audit(check, example);
        expect(report.findings.filter((f) => f.severity !== 'info')).toEqual([]);
      },
    );

    it.each(check.examples.invalid.map((e) => [e.name, e] as const))(
      'invalid: %s',
      async (_, example) => {
        const { engine, schema, run, report } = await audit(check, example);
        const expected = example.findings.map((f) => ({
          table: `${quoteIdent(schema)}.${f.table}`,
          ...(f.constraint !== undefined ? { constraint: f.constraint } : {}),
          ...(f.severity !== undefined ? { severity: f.severity } : {}),
        }));
        expect(report.findings.map((f, i) => pick(f, expected[i] ?? {}))).toEqual(expected);
        for (const finding of report.findings) {
          expect(finding.check).toBe(check.id);
          expect(finding.message.length).toBeGreaterThan(0);
        }
        const fixes = report.findings.flatMap((f) => (f.fix === null ? [] : [f.fix]));
        if (fixes.length === 0) return;
        for (const fix of fixes) await runEach(engine, fix);
        await engine.exec('analyze');
        expect((await run()).findings.filter((f) => f.severity !== 'info')).toEqual([]);
      },
    );
  });
});

function pick(finding: Finding, like: object): Partial<Finding> {
  return Object.fromEntries(
    Object.keys(like).map((key) => [key, finding[key as keyof Finding]]),
  ) as Partial<Finding>;
}

/** One statement at a time, as psql sends them: CREATE INDEX CONCURRENTLY refuses a block. */
async function runEach(engine: Engine, script: string): Promise<void> {
  for (const statement of splitScript(script)) await engine.exec(statementText(script, statement));
}
