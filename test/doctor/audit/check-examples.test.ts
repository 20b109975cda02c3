// Every check's own examples, on PGlite and every test server: an invalid example gives exactly
// the findings it lists; a valid one gives none at warning or error; and running the fix of
// every finding makes the check find nothing more (the fix is proven, not just printed).

import { describe, expect, it } from 'vitest';
import type { Check, CheckExample } from '../../../src/doctor/audit/check.js';
import { checks } from '../../../src/doctor/audit/registry.js';
import type { Finding } from '../../../src/model/finding.js';
import { quoteIdent } from '../../../src/sql/quote.js';
import { engineSubjects } from '../../support/engines.js';
import { auditSubject } from './audit-subject.js';

const subjects = engineSubjects();

describe.each(subjects.map((s) => [s.label, s] as const))('check examples on %s', (_, subject) => {
  const load = auditSubject(subject, 'ex');

  /** Loads the example into a schema of its own and audits that schema with the one check. */
  async function audit(check: Check, example: CheckExample) {
    const loaded = await load(check, `${example.sql};\nanalyze;`);
    return { ...loaded, findings: await loaded.audit() };
  }

  describe.each(checks.map((c) => [c.id, c] as const))('%s', (_, check) => {
    it.each(check.examples.valid.map((e) => [e.name, e] as const))(
      'valid: %s',
      async (_, example) => {
        const { findings } = await audit(check, example);
        expect(findings.filter((f) => f.severity !== 'info')).toEqual([]);
      },
    );

    it.each(check.examples.invalid.map((e) => [e.name, e] as const))(
      'invalid: %s',
      async (_, example) => {
        const { engine, schema, run, findings, audit: auditAgain } = await audit(check, example);
        const expected = example.findings.map((f) => ({
          table: `${quoteIdent(schema)}.${f.table}`,
          ...(f.constraint !== undefined ? { constraint: f.constraint } : {}),
          ...(f.severity !== undefined ? { severity: f.severity } : {}),
        }));
        expect(findings.map((f, i) => pick(f, expected[i] ?? {}))).toEqual(expected);
        for (const finding of findings) {
          expect(finding.check).toBe(check.id);
          expect(finding.message.length).toBeGreaterThan(0);
        }
        const fixes = findings.flatMap((f) => (f.fix === null ? [] : [f.fix]));
        if (fixes.length === 0) return;
        for (const fix of fixes) await run(fix);
        await engine.exec('analyze');
        expect((await auditAgain()).filter((f) => f.severity !== 'info')).toEqual([]);
      },
    );
  });
});

function pick(finding: Finding, like: object): Partial<Finding> {
  return Object.fromEntries(
    Object.keys(like).map((key) => [key, finding[key as keyof Finding]]),
  ) as Partial<Finding>;
}
