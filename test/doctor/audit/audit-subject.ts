// For the per-check tests: each engine subject's database, a fresh schema per example, the audit
// of that schema with one check, and a way to run a finding's fix as psql would.

import { afterAll, beforeAll } from 'vitest';
import type { Check } from '../../../src/doctor/audit/check.js';
import { runAudit } from '../../../src/doctor/audit/run-audit.js';
import type { Engine } from '../../../src/engine/engine.js';
import { isDatabaseError } from '../../../src/engine/errors.js';
import type { Finding } from '../../../src/model/finding.js';
import { splitScript, statementText } from '../../../src/sql/split/index.js';
import type { EngineSubject, OpenedEngine } from '../../support/engines.js';

export interface Loaded {
  engine: Engine;
  schema: string;
  audit(options?: { readRows?: boolean }): Promise<Finding[]>;
  /** Runs a script one statement at a time (CREATE INDEX CONCURRENTLY refuses a block). */
  run(script: string): Promise<void>;
  /**
   * The SQLSTATE a statement fails with, or `ok` and what `probe` then returns (as JSON);
   * always rolled back.
   */
  outcome(sql: string, probe?: string): Promise<string>;
}

/**
 * Opens the subject for the enclosing describe; `load(check, sql)` gives a fresh schema and
 * `load.engine()` the open database (from the describe's own beforeAll on).
 */
export function auditSubject(subject: EngineSubject, prefix: string) {
  let opened: OpenedEngine | undefined;
  let counter = 0;
  beforeAll(async () => {
    opened = await subject.open();
  });
  afterAll(() => opened?.close());
  const load = async (check: Check, sql: string): Promise<Loaded> => {
    const engine = opened!.engine;
    const schema = `${prefix}_${++counter}`;
    await engine.exec(`create schema ${schema}; set search_path = ${schema};`);
    await engine.exec(sql);
    const run = async (script: string) => {
      for (const statement of splitScript(script)) {
        await engine.exec(statementText(script, statement));
      }
    };
    return {
      engine,
      schema,
      async audit(options = {}) {
        const report = await runAudit(engine, { checks: [check], schemas: [schema], ...options });
        return report.findings;
      },
      run,
      async outcome(statement, probe) {
        try {
          return await engine.transaction(
            async (tx) => {
              await tx.exec(`set local search_path = ${schema}`);
              await tx.exec(statement);
              // Deferred checks run at commit; SET CONSTRAINTS ALL IMMEDIATE runs them now.
              await tx.exec('set constraints all immediate');
              if (probe === undefined) return 'ok';
              return `ok ${JSON.stringify((await tx.query(probe)).rows)}`;
            },
            { rollback: true },
          );
        } catch (error) {
          if (isDatabaseError(error)) return error.code ?? 'error';
          throw error;
        }
      },
    };
  };
  return Object.assign(load, { engine: () => opened!.engine });
}
