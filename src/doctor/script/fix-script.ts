// fkdoctor fix: check the script, plan the least reordering that puts parents first (breaking
// cycles by deferring deferrable constraints), write the new script with every unmoved byte as
// it was, and prove it by running it in the sandbox again. A script is only called fixed when
// that run has no foreign-key failure left.

import type { Engine } from '../../engine/engine.js';
import type { Catalog } from '../../model/catalog.js';
import { buildFkGraph, type FkGraph } from '../../model/fk-graph.js';
import type { ScriptStatement, Span } from '../../model/script.js';
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
import { stoppedBySandbox } from './failure.js';
import { metaAction } from './meta-command.js';
import type { MappedRow } from './missing/map-parents.js';
import type { MissingParentRow, MissingParentsMode } from './missing/missing-parent-rows.js';
import { checkMapBy, type MapBy } from './missing/natural-key.js';
import type { PlaceholderInsert } from './missing/placeholders.js';
import {
  type MissingParentRefusal,
  type NewFailure,
  type Quarantine,
  resolveMissingParents,
} from './missing/resolve-missing.js';
import { userPlace } from './missing/written-script.js';
import type { FixPlan } from './plan/fix-plan.js';
import { nullThenUpdate, type Rewrites } from './plan/null-then-update.js';
import { planOrder } from './plan/plan-order.js';
import { selfReferenceOrders } from './plan/self-reference.js';
import { splitRewrites } from './plan/split-rewrites.js';
import { barrierEffects, type NamedTables, statementEffects } from './plan/statement-effects.js';
import { chunkEnds, writeFixedScript } from './plan/write-script.js';
import { type PsqlVariables, substituteVariables } from './psql-variables.js';
import { schemaCatalog } from './schema-catalog.js';

export interface FixResult {
  statements: ScriptStatement[];
  plan: FixPlan;
  /** The rewritten script; null when nothing needed changing. */
  fixed: string | null;
  /** The check of the script as it will be printed (the fixed one, or the original). */
  after: CheckResult | null;
  /**
   * FK failures of that check whose parent key is loaded nowhere in the script (statement
   * indexes and lines are the checked script's; `missingParentRows` has the user's).
   */
  missingParents: CheckedFailure[];
  /**
   * Every row of the user's script whose parent key no statement inserts; with 'report' and
   * 'map' also those whose parent row the script inserts before them but which did not land
   * (`parentRow`: ON CONFLICT DO NOTHING skipped it, or its statement failed).
   */
  missingParentRows: MissingParentRow[];
  /** What was done about them (FixOptions.missingParents). */
  missingParentsMode: MissingParentsMode;
  /** With `missingParents: 'placeholder'`: the parents inserted. */
  placeholders: PlaceholderInsert[];
  /** With `missingParents: 'quarantine'`: the rows taken out, and the file that loads them. */
  quarantine: Quarantine | null;
  /** With `missingParents: 'map'`: the rows given the key of a parent that exists. */
  mapped: MappedRow[];
  /** Rows the chosen option could not deal with, and why (they stay; the script is not fixed). */
  refused: MissingParentRefusal[];
  /** Failures the printed script has that the reordered one did not (e.g. a placeholder's CHECK). */
  newFailures: NewFailure[];
  /**
   * The other failures of the sandbox run that are not foreign keys (a unique key, a bad
   * value: fix leaves them as they are), with their place in the user's script. One the
   * sandbox itself stopped (statement_timeout: see stoppedBySandbox) means nothing is verified.
   */
  otherFailures: NewFailure[];
  /**
   * Every foreign-key failure of the final run, with its place in the user's script: what the
   * summary lists when nothing else explains them (a parent loaded by a statement glued to a
   * COPY's line, say).
   */
  remaining: NewFailure[];
  /** Sandbox runs made to verify (more than one when missing parents were dealt with). */
  rounds: number;
  /** Missing parents were still being found when fix stopped going round. */
  exhausted: boolean;
  /** FK failures whose parent is loaded later but could not move above a statement in between. */
  barriers: BlockedParent[];
  /**
   * True when the script as printed has no foreign-key failure in the sandbox, and no failure
   * the reordered script did not have.
   */
  verified: boolean;
}

export interface BlockedParent {
  failure: CheckedFailure;
  /** Line (in the checked script) where the parent key is loaded. */
  parentLine: number;
  /** The statement in between its load may not cross (DDL, SET, DO, transaction control). */
  blockedLine: number | null;
  blockedKind: string | null;
}

const movableKinds = new Set(['insert', 'copy', 'update', 'delete', 'select']);

/** Parents the script does load, but after a statement their load may not be moved across. */
function blockedParents(after: CheckResult, fkFailures: CheckedFailure[]): BlockedParent[] {
  const out: BlockedParent[] = [];
  for (const failure of fkFailures) {
    const later = failure.parents?.find(
      (p) => p.loadedAt !== null && p.loadedAt.statementIndex > failure.statementIndex,
    );
    if (!later?.loadedAt) continue;
    const between = after.statements.slice(
      failure.statementIndex + 1,
      later.loadedAt.statementIndex,
    );
    const wall = between.reverse().find((s) => !movableKinds.has(s.kind));
    if (!wall) continue; // nothing in between: a cycle, reported by the plan
    out.push({
      failure,
      parentLine: later.loadedAt.line,
      blockedLine: wall?.line ?? null,
      blockedKind: wall?.kind ?? null,
    });
  }
  return out;
}

export interface FixOptions extends CheckOptions {
  /**
   * When a cycle has no nullable or deferrable edge: make one constraint DEFERRABLE for the load
   * and restore it after (the schema ends as it began).
   */
  allowSchemaChanges?: boolean;
  /** The schema, when the caller has read it already (see schema-statements.ts). */
  catalog?: Catalog;
  /** Run the result in the sandbox before calling it fixed (default true; off only to measure planning). */
  verify?: boolean;
  /**
   * Rows whose parent key no statement of the script inserts (no order can fix them):
   * `report` them (default); insert `placeholder` parents before the first statement that needs
   * them; `quarantine` the rows and their descendants (`FixResult.quarantine`); or `map` them
   * to a parent that exists in the sandbox's database (with `--db`: the user's), found by a
   * natural key (`FixResult.mapped`).
   */
  missingParents?: MissingParentsMode;
  /**
   * With `missingParents: 'map'`: the natural keys to find existing parents by (else each
   * parent's one unique key besides the referenced one). Checked against the schema: a name it
   * does not have throws MapByError.
   */
  mapBy?: MapBy[];
  /** How the fixed script's comments name the quarantine file (default `the quarantine file`). */
  quarantineName?: string;
}

const needsParser = new Set(['update', 'delete', 'select', 'insert']);

/**
 * The tables each statement reads and writes, as far as ordering needs: literal INSERTs are
 * plain loads; others go through the real parser. psql variables set with \set are
 * substituted first, as psql would before sending.
 */
async function namedTables(text: string, statements: ScriptStatement[]) {
  const named = new Map<number, NamedTables | null>();
  const plain = new Set<number>();
  const variables: PsqlVariables = new Map();
  let parserLoaded = false;
  for (const statement of statements) {
    if (statement.kind === 'meta') {
      const action = metaAction(statementText(text, statement), variables, false);
      if (action.kind === 'set') variables.set(action.name, action.value);
      else if (action.kind === 'unset') variables.delete(action.name);
      continue;
    }
    if (!needsParser.has(statement.kind)) continue;
    const sql = substituteVariables(statementText(text, statement), variables).sql;
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

export interface PlannedFix {
  statements: ScriptStatement[];
  trailing: Span;
  catalog: Catalog;
  graph: FkGraph;
  plan: FixPlan;
  /** Rows rewritten: nulled for a cycle, split for a self-reference. */
  rewrites: Rewrites;
}

/**
 * The plan alone, from the script's text and its schema (read in a sandbox that is closed
 * again unless `options.catalog` has it): no statement of the script is run.
 */
export async function planFix(
  openSandbox: SandboxFactory,
  script: ScriptInput,
  options: FixOptions = {},
): Promise<PlannedFix> {
  const { statements, trailing } = scanScript(script.text);
  const catalog =
    options.catalog ??
    (await withSandbox(openSandbox, (engine) =>
      schemaCatalog(engine, { text: script.text, statements }, options.schema),
    ));
  if (options.missingParents === 'map') checkMapBy(catalog, options.mapBy ?? []);
  const graph = buildFkGraph(catalog);
  const { named, plain } = await namedTables(script.text, statements);
  const effects = statements.map((s) =>
    statementEffects(s, graph, named.get(s.index) ?? null, plain.has(s.index)),
  );
  // A statement written on a COPY's line, before its data, has its bytes inside the COPY's:
  // neither can move without the other, so neither moves.
  const ends = chunkEnds(statements, trailing);
  for (const nested of statements) {
    if (nested.kind === 'meta' || ends[nested.index]! > nested.leading.start) continue;
    const copy = statements.find(
      (s) =>
        s.copyData &&
        s.leading.start < nested.leading.start &&
        nested.leading.start < ends[s.index]!,
    );
    if (!copy) continue;
    for (const glued of [nested, copy]) effects[glued.index] = { ...barrierEffects };
  }
  const self = selfReferenceOrders(script.text, statements, effects, graph, catalog);
  const plan = planOrder(statements, script.text, effects, graph, self.orders, {
    allowSchemaChanges: options.allowSchemaChanges === true,
  });
  const nulling = nullThenUpdate(script.text, statements, catalog, plan);
  for (const problem of nulling.problems) {
    plan.unfixable.push({
      statement: problem.statement,
      edge: problem.nulling.edge,
      reason: 'cycle-not-breakable',
      parentStatement: problem.nulling.parentStatement,
    });
  }
  for (const problem of self.problems) {
    plan.unfixable.push({
      statement: problem.loaders[0]!,
      edge: problem.edge,
      reason: 'self-reference',
      parentStatement: null,
      detail:
        problem.detail ??
        'some of their rows compute their key (DEFAULT, expressions), so fkdoctor cannot order them',
    });
  }
  // Rows of a self-referencing table split where its statements need each other.
  const split = splitRewrites(script.text, statements, self.orders, nulling.rewrites);
  const { rewrites } = split;
  if (split.splits.length > 0) {
    plan.splits = split.splits;
    plan.changed = true;
  }
  return { statements, trailing, catalog, graph, plan, rewrites };
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
  const { statements, trailing, catalog, graph, plan, rewrites } = await planFix(
    openSandbox,
    script,
    options,
  );
  if (options.verify === false) {
    const fixed = plan.changed
      ? writeFixedScript(script.text, statements, trailing, plan, rewrites)
      : null;
    return {
      statements,
      plan,
      fixed,
      after: null,
      missingParents: [],
      barriers: [],
      missingParentRows: [],
      missingParentsMode: options.missingParents ?? 'report',
      placeholders: [],
      quarantine: null,
      mapped: [],
      refused: [],
      newFailures: [],
      otherFailures: [],
      remaining: [],
      rounds: 0,
      exhausted: false,
      verified: false,
    };
  }
  const mode = options.missingParents ?? 'report';
  // Dealing with missing parents needs every failing row of a statement, not the first 1000.
  const checkOptions =
    mode === 'report'
      ? options
      : { ...options, rowLimit: Math.max(options.rowLimit ?? 0, 100_000) };
  const outcome = await resolveMissingParents({
    script,
    statements,
    trailing,
    plan,
    rewrites,
    catalog,
    graph,
    mode,
    quarantineName: options.quarantineName ?? 'the quarantine file',
    // Existing parents are looked up in the database as it is before the script runs.
    map: {
      mapBy: options.mapBy ?? [],
      query: (sqls) =>
        withSandbox(openSandbox, async (engine) => {
          const out: Record<string, unknown>[][] = [];
          for (const sql of sqls) out.push((await engine.query(sql)).rows);
          return out;
        }),
    },
    verify: (text) =>
      withSandbox(openSandbox, (engine) =>
        checkScript(engine, { text, file: script.file }, checkOptions),
      ),
  });
  const { after } = outcome;
  const fkFailures = after.failures.filter((f) => f.kind === 'foreign-key');
  const missingParents = fkFailures.filter((f) => f.parents?.some((p) => p.loadedAt === null));
  for (const failure of missingParents) {
    const fk = failedForeignKey(after.catalog, failure);
    const edge = after.graph.edges.find(
      (e) => e.fk.name === fk?.name && e.child === `${fk?.table.schema}.${fk?.table.name}`,
    );
    const place = userPlace(outcome.written, after, failure.statementIndex, null, {
      statements,
      rowsOf: () => null,
    });
    if (edge && place) {
      plan.unfixable.push({
        statement: place.statementIndex,
        edge,
        reason: 'no-parent-rows',
        parentStatement: null,
      });
    }
  }
  const barriers = blockedParents(after, fkFailures);
  const remaining = fkFailures.map((failure) => ({
    failure,
    place: userPlace(outcome.written, after, failure.statementIndex, null, {
      statements,
      rowsOf: () => null,
    }),
  }));
  const otherFailures = after.failures
    .filter((f) => f.kind !== 'foreign-key' && !outcome.newFailures.some((n) => n.failure === f))
    .map((failure) => ({
      failure,
      place: userPlace(outcome.written, after, failure.statementIndex, null, {
        statements,
        rowsOf: () => null,
      }),
    }));
  return {
    statements,
    plan,
    fixed: outcome.fixed,
    after,
    missingParents,
    barriers,
    remaining,
    missingParentRows: outcome.rows,
    missingParentsMode: mode,
    placeholders: outcome.placeholders,
    quarantine: outcome.quarantine,
    mapped: outcome.mapped,
    refused: outcome.refused,
    newFailures: outcome.newFailures,
    otherFailures,
    rounds: outcome.rounds,
    exhausted: outcome.exhausted,
    verified:
      fkFailures.length === 0 &&
      outcome.newFailures.length === 0 &&
      !otherFailures.some((f) => stoppedBySandbox(f.failure)),
  };
}
