// fkdoctor fix: check the script, plan the least reordering that puts parents first (breaking
// cycles by deferring deferrable constraints), write the new script with every unmoved byte as
// it was, and prove it by running it in the sandbox again. A script is only called fixed when
// that run has no foreign-key failure left.

import type { Engine } from '../../engine/engine.js';
import type { Catalog } from '../../model/catalog.js';
import { buildFkGraph } from '../../model/fk-graph.js';
import type { ScriptStatement } from '../../model/script.js';
import {
  loadStatementParser,
  StatementParseError,
  statementTablesSync,
} from '../../sql/rows/statement-tables.js';
import { readInsertValues } from '../../sql/rows/values-insert.js';
import { scanScript, statementText } from '../../sql/split/index.js';
import {
  type CheckedFailure,
  type CheckOptions,
  type CheckResult,
  checkScript,
  failedForeignKey,
  type ScriptInput,
} from './check-script.js';
import type { FixPlan } from './plan/fix-plan.js';
import { nullThenUpdate } from './plan/null-then-update.js';
import { planOrder } from './plan/plan-order.js';
import { selfReferenceOrders } from './plan/self-reference.js';
import { type NamedTables, statementEffects } from './plan/statement-effects.js';
import { writeFixedScript } from './plan/write-script.js';
import { schemaCatalog } from './schema-catalog.js';

export interface FixResult {
  statements: ScriptStatement[];
  plan: FixPlan;
  /** The rewritten script; null when nothing needed changing. */
  fixed: string | null;
  /** The check of the script as it will be printed (the fixed one, or the original). */
  after: CheckResult | null;
  /** FK failures a reordering cannot fix: the parent key is loaded nowhere in the script. */
  missingParents: CheckedFailure[];
  /** True when the script as printed has no foreign-key failure in the sandbox. */
  verified: boolean;
}

export interface FixOptions extends CheckOptions {
  /** The schema, when the caller has read it already (see schema-statements.ts). */
  catalog?: Catalog;
  /** Run the result in the sandbox before calling it fixed (default true; off only to measure planning). */
  verify?: boolean;
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

/** Opens a sandbox; fix closes each one it opens (see withSandbox). */
export type SandboxFactory = () => Promise<Engine>;

async function withSandbox<T>(
  open: SandboxFactory,
  fn: (engine: Engine) => Promise<T>,
): Promise<T> {
  const engine = await open();
  try {
    return await fn(engine);
  } finally {
    await engine.close();
  }
}

/**
 * The sandbox is opened twice: once to read the schema, closed before planning (an embedded
 * PostgreSQL holds hundreds of MB, and the plan needs the script's memory), then again to
 * prove the result.
 */
export async function fixScript(
  openSandbox: SandboxFactory,
  script: ScriptInput,
  options: FixOptions = {},
): Promise<FixResult> {
  const { statements, trailing } = scanScript(script.text);
  const catalog =
    options.catalog ??
    (await withSandbox(openSandbox, (engine) =>
      schemaCatalog(engine, { text: script.text, statements }, options.schema),
    ));
  const graph = buildFkGraph(catalog);
  const { named, plain } = await namedTables(script.text, statements);
  const effects = statements.map((s) =>
    statementEffects(s, graph, named.get(s.index) ?? null, plain.has(s.index)),
  );
  const self = selfReferenceOrders(script.text, statements, effects, graph, catalog);
  const plan = planOrder(statements, script.text, effects, graph, self.orders);
  const nulling = nullThenUpdate(script.text, statements, catalog, plan);
  for (const problem of nulling.problems) {
    plan.unfixable.push({
      statement: problem.statement,
      edge: problem.nulling.edge,
      reason: 'cycle-not-breakable',
      parentStatement: problem.nulling.parentStatement,
    });
  }
  const fixed = plan.changed
    ? writeFixedScript(script.text, statements, trailing, plan, nulling.rewrites)
    : null;
  if (options.verify === false) {
    return { statements, plan, fixed, after: null, missingParents: [], verified: false };
  }
  const after = await withSandbox(openSandbox, (engine) =>
    checkScript(engine, { text: fixed ?? script.text, file: script.file }, options),
  );
  const fkFailures = after.failures.filter((f) => f.kind === 'foreign-key');
  const missingParents = fkFailures.filter((f) => f.parents?.some((p) => p.loadedAt === null));
  for (const failure of missingParents) {
    const fk = failedForeignKey(after.catalog, failure);
    const edge = after.graph.edges.find(
      (e) => e.fk.name === fk?.name && e.child === `${fk?.table.schema}.${fk?.table.name}`,
    );
    if (edge) {
      plan.unfixable.push({
        statement: failure.statementIndex,
        edge,
        reason: 'no-parent-rows',
        parentStatement: null,
      });
    }
  }
  return { statements, plan, fixed, after, missingParents, verified: fkFailures.length === 0 };
}
