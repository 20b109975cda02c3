// fkdoctor fix: check the script, plan the least reordering that puts parents first (breaking
// cycles by deferring deferrable constraints), write the new script with every unmoved byte as
// it was, and prove it by running it in the sandbox again. A script is only called fixed when
// that run has no foreign-key failure left.

import type { Engine } from '../../engine/engine.js';
import type { ScriptStatement } from '../../model/script.js';
import {
  loadStatementParser,
  StatementParseError,
  statementTablesSync,
} from '../../sql/rows/statement-tables.js';
import { readInsertValues } from '../../sql/rows/values-insert.js';
import { statementText } from '../../sql/split/index.js';
import {
  type CheckedFailure,
  type CheckOptions,
  type CheckResult,
  checkScript,
  failedForeignKey,
  type ScriptInput,
} from './check-script.js';
import type { FixPlan, Unfixable } from './plan/fix-plan.js';
import { planOrder } from './plan/plan-order.js';
import { selfReferenceOrders } from './plan/self-reference.js';
import { type NamedTables, statementEffects } from './plan/statement-effects.js';
import { writeFixedScript } from './plan/write-script.js';

export interface FixResult {
  /** The check of the script as given. */
  before: CheckResult;
  plan: FixPlan;
  /** The rewritten script; null when nothing needed changing. */
  fixed: string | null;
  /** The check of the rewritten script (null when nothing was rewritten). */
  after: CheckResult | null;
  /** FK failures a reordering cannot fix: the parent key is loaded nowhere in the script. */
  missingParents: CheckedFailure[];
  /** True when the rewritten script has no FK failure left. */
  verified: boolean;
}

const needsParser = new Set(['update', 'delete', 'select', 'insert']);

async function namedTables(text: string, statements: ScriptStatement[]) {
  const named = new Map<number, NamedTables | null>();
  const plain = new Set<number>();
  let parserLoaded = false;
  for (const statement of statements) {
    if (!needsParser.has(statement.kind)) continue;
    const sql = statementText(text, statement);
    if (statement.kind === 'insert' && readInsertValues(sql)) {
      plain.add(statement.index);
      continue;
    }
    if (!parserLoaded) {
      // The real parser (WASM) only when a statement is more than literal rows.
      await loadStatementParser();
      parserLoaded = true;
    }
    try {
      named.set(statement.index, statementTablesSync(sql));
    } catch (error) {
      if (!(error instanceof StatementParseError)) throw error;
      named.set(statement.index, null);
    }
  }
  return { named, plain };
}

export async function fixScript(
  engine: Engine,
  script: ScriptInput,
  options: CheckOptions = {},
): Promise<FixResult> {
  const before = await checkScript(engine, script, options);
  const fkFailures = before.failures.filter((f) => f.kind === 'foreign-key');
  const missingParents = fkFailures.filter((f) => f.parents?.some((p) => p.loadedAt === null));
  const unchanged: FixPlan = {
    order: before.statements.map((s) => s.index),
    moves: [],
    deferrals: [],
    unfixable: [],
    changed: false,
  };
  if (fkFailures.length === 0) {
    return { before, plan: unchanged, fixed: null, after: null, missingParents, verified: true };
  }

  const { named, plain } = await namedTables(script.text, before.statements);
  const effects = before.statements.map((s) =>
    statementEffects(s, before.graph, named.get(s.index) ?? null, plain.has(s.index)),
  );
  const self = selfReferenceOrders(
    script.text,
    before.statements,
    effects,
    before.graph,
    before.catalog,
  );
  const plan = planOrder(before.statements, script.text, effects, before.graph, self.orders);
  for (const failure of missingParents) {
    const fk = failedForeignKey(before.catalog, failure);
    const edge = before.graph.edges.find((e) => e.fk === fk);
    if (edge) {
      const missing: Unfixable = {
        statement: failure.statementIndex,
        edge,
        reason: 'no-parent-rows',
        parentStatement: null,
      };
      plan.unfixable.push(missing);
    }
  }
  if (!plan.changed) {
    return { before, plan, fixed: null, after: null, missingParents, verified: false };
  }
  const fixed = writeFixedScript(script.text, before.statements, before.trailing, plan);
  const after = await checkScript(engine, { text: fixed, file: script.file }, options);
  const verified = after.failures.every((f) => f.kind !== 'foreign-key');
  return { before, plan, fixed, after, missingParents, verified };
}
