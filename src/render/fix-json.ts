// `fkdoctor fix --json`: what fix did, as one JSON document. Every place is a line of the user's
// script (as the text summary gives it), never an index into fix's own statement list. A
// failure of the sandbox run keeps `check --json`'s failure fields, with `file` and `line`
// those of the user's script; its statement index, rows and parent lookups are left out: they
// point into the rewritten script, which is not written when it does not run.

import type { CheckedFailure } from '../doctor/script/check-script.js';
import type { BlockedParent, FixResult } from '../doctor/script/fix-script.js';
import type {
  MissingParentRow,
  MissingParentsMode,
} from '../doctor/script/missing/missing-parent-rows.js';
import type { QuarantinedRow } from '../doctor/script/missing/quarantine-selection.js';
import type { Deferral, Unfixable } from '../doctor/script/plan/fix-plan.js';
import { resolveTable } from '../doctor/script/plan/resolve-table.js';
import type { QualifiedName } from '../model/catalog.js';
import type { ScriptStatement } from '../model/script.js';

export const fixJsonVersion = 1;

/** A table: as the catalog has it, or (`schema` null) as an unqualified statement names it. */
export interface FixJsonTable {
  schema: string | null;
  name: string;
}

/** A row of the user's script: its line and its number in the statement (null: no literal rows). */
export interface FixJsonRowPlace {
  line: number;
  row: number | null;
}

export interface FixJsonMove {
  /** The moved statement's first line. */
  line: number;
  /** Its first line of text, shortened. */
  statement: string;
  table: FixJsonTable | null;
  /** The statement it now comes before; null: it moved to the end. */
  before: number | null;
  /** The foreign key that asked for the move. */
  constraint: string | null;
}

export interface FixJsonDeferral {
  constraints: string[];
  /**
   * `after-begin`: SET CONSTRAINTS ... DEFERRED right after the script's own BEGIN (line `begin`,
   * its COMMIT at `commit`); `wrap`: the statements from line `wrap.first` to `wrap.last` are put
   * inside one new transaction.
   */
  how: 'after-begin' | 'wrap';
  begin: number | null;
  commit: number | null;
  wrap: { first: number; last: number } | null;
  /** Constraints made DEFERRABLE for the load and restored after it (--allow-schema-changes). */
  alter: string[];
}

export interface FixJsonNulling {
  table: QualifiedName;
  columns: string[];
  constraint: string;
  /** The statements that load those columns as NULL. */
  lines: number[];
  /** The UPDATE writing them back comes after the statement at this line. */
  updateAfter: number;
}

export interface FixJsonSplit {
  line: number;
  statement: string;
  table: string;
  constraint: string;
  /** Into how many statements. */
  pieces: number;
}

export interface FixJsonUnfixable {
  file: string | null;
  line: number;
  statement: string;
  table: FixJsonTable | null;
  constraint: string | null;
  reason: Unfixable['reason'];
  /** Why, in a sentence. */
  detail: string;
  /** Where the parent is loaded, when the script loads it. */
  parentLine: number | null;
  /** For `behind-barrier`: the statement it may not cross. */
  blockedLine: number | null;
  /** For `no-parent-rows`: the keys no statement inserts. */
  keys?: string[][];
}

export interface FixJsonMissingParent {
  file: string | null;
  line: number;
  row: number | null;
  table: QualifiedName;
  columns: string[];
  constraint: string;
  parentTable: QualifiedName;
  parentColumns: string[];
  key: string[];
  /** The script's own row that inserts the key earlier but did not land (ON CONFLICT DO NOTHING). */
  parentRow: FixJsonRowPlace | null;
}

/** A failure as `check --json` gives it, placed in the user's script. */
export type FixJsonFailure = Omit<
  CheckedFailure,
  'statementIndex' | 'rows' | 'parents' | 'block' | 'line'
> & {
  /** Null: a statement fkdoctor added (a placeholder INSERT, an UPDATE writing references back). */
  line: number | null;
};

export interface FixJson {
  format: 'fkdoctor-fix';
  version: number;
  file: string | null;
  /** The script was verified in the sandbox and written to `output`. */
  fixed: boolean;
  /** The fixed script differs from the original. */
  changed: boolean;
  output: string | null;
  verified: boolean;
  /** Sandbox runs made. */
  rounds: number;
  statements: number;
  moves: FixJsonMove[];
  deferrals: FixJsonDeferral[];
  nullings: FixJsonNulling[];
  splits: FixJsonSplit[];
  unfixable: FixJsonUnfixable[];
  missingParentsMode: MissingParentsMode;
  missingParents: FixJsonMissingParent[];
  placeholders?: {
    table: QualifiedName;
    keyColumns: string[];
    keys: string[][];
    constraints: string[];
    before: number;
    sql: string;
  }[];
  quarantine?: {
    file: string | null;
    /** `parentRow`: taken out because it references this quarantined row; null: its parent is inserted nowhere. */
    rows: Omit<FixJsonMissingParent, 'file'>[];
  } | null;
  mapped?: {
    line: number;
    row: number;
    table: QualifiedName;
    columns: string[];
    constraint: string;
    key: string[];
    newKey: string[];
    parentTable: QualifiedName;
    parentColumns: string[];
    naturalColumns: string[];
    naturalValues: string[];
    from: { kind: 'child' | 'parent-row'; line: number };
  }[];
  refused?: {
    option: 'placeholder' | 'quarantine' | 'map';
    table: QualifiedName;
    reason: string;
    rows: FixJsonRowPlace[];
  }[];
  newFailures: FixJsonFailure[];
  /**
   * The sandbox run's other failures, not foreign keys (fix leaves them as they are); one with
   * SQLSTATE class 57 or 53 (statement_timeout...) was stopped by the sandbox and nothing is
   * verified.
   */
  otherFailures: FixJsonFailure[];
  /** Rows with missing parents were still being found when fix stopped going round. */
  exhausted: boolean;
}

export interface FixJsonOptions {
  /** Where the fixed script was written; null when it was not. */
  output: string | null;
  /** Where quarantined rows were written. */
  quarantineFile?: string | null;
  /** Statements that stand for others (a spilled run): the first line of what they stand for. */
  excerpts?: ReadonlyMap<number, string>;
  /** The user's script's statements, when `result.statements` has stand-ins for runs. */
  statementCount?: number;
}

function firstLine(text: string, max = 80): string {
  const line = text.trimStart().split(/\r?\n/, 1)[0]!.trimEnd();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

const place = (p: { line: number; rowNumber: number | null }): FixJsonRowPlace => ({
  line: p.line,
  row: p.rowNumber,
});

/** Only the name: a catalog object may carry more. */
const qn = (table: QualifiedName): QualifiedName => ({ schema: table.schema, name: table.name });

/** A row whose parent is missing (reported, or quarantined): where it is, what it lacks. */
const missingRow = (r: MissingParentRow | QuarantinedRow) => ({
  line: r.line,
  row: r.rowNumber,
  table: qn(r.table),
  columns: r.columns,
  constraint: r.constraint,
  parentTable: qn(r.parentTable),
  parentColumns: r.parentColumns,
  key: r.key,
  parentRow: r.parentRow ? place(r.parentRow) : null,
});

/** The table a statement writes: resolved in the schema when it can be, else as written. */
function targetTable(result: FixResult, statement: number): FixJsonTable | null {
  const target = result.statements[statement]!.target;
  if (!target) return null;
  const key = result.after ? resolveTable(result.after.graph, target) : null;
  const node = key === null ? undefined : result.after!.graph.nodes.get(key);
  return node ? qn(node.table) : { schema: target.schema, name: target.name };
}

function failureJson(failure: CheckedFailure, line: number | null): FixJsonFailure {
  const { statementIndex: _i, rows: _r, parents: _p, block: _b, ...rest } = failure;
  return { ...rest, line };
}

function deferralJson(deferral: Deferral, lineOf: (i: number) => number): FixJsonDeferral {
  return {
    constraints: deferral.edges.map((e) => e.fk.name),
    how: deferral.afterBegin !== null ? 'after-begin' : 'wrap',
    begin: deferral.afterBegin === null ? null : lineOf(deferral.afterBegin),
    commit: deferral.commit === null ? null : lineOf(deferral.commit),
    wrap: deferral.wrap
      ? { first: lineOf(deferral.wrap.first), last: lineOf(deferral.wrap.last) }
      : null,
    alter: deferral.alter.map((e) => e.fk.name),
  };
}

/** What the statements of each split were cut into. */
function splitsJson(result: FixResult, excerpt: (i: number) => string): FixJsonSplit[] {
  const out: FixJsonSplit[] = [];
  for (const split of result.plan.splits ?? []) {
    const pieces = new Map<number, number>();
    for (const piece of split.pieces) {
      pieces.set(piece.statement, (pieces.get(piece.statement) ?? 0) + 1);
    }
    for (const [statement, count] of pieces) {
      if (count < 2) continue;
      out.push({
        line: result.statements[statement]!.line,
        statement: excerpt(statement),
        table: split.table,
        constraint: split.constraint,
        pieces: count,
      });
    }
  }
  return out;
}

function unfixableJson(
  result: FixResult,
  file: string | null,
  lineOf: (i: number) => number,
  excerpt: (i: number) => string,
): FixJsonUnfixable[] {
  const out: FixJsonUnfixable[] = [];
  for (const u of result.plan.unfixable) {
    const base = {
      file,
      line: lineOf(u.statement),
      statement: excerpt(u.statement),
      table: qn(u.edge.fk.table),
      constraint: u.edge.fk.name,
      reason: u.reason,
      parentLine: u.parentStatement === null ? null : lineOf(u.parentStatement),
      blockedLine: u.blockedBy == null ? null : lineOf(u.blockedBy),
    };
    if (u.reason === 'no-parent-rows') {
      const rows = result.missingParentRows.filter(
        (r) => r.statementIndex === u.statement && r.constraint === u.edge.fk.name,
      );
      out.push({
        ...base,
        detail: `no statement inserts ${missingKeys(rows)}; reordering cannot fix it`,
        keys: rows.map((r) => r.key),
      });
    } else if (u.reason === 'cycle-not-breakable') {
      out.push({
        ...base,
        detail: `"${u.edge.fk.name}" is part of a cycle that is neither nullable nor deferrable; --allow-schema-changes makes it DEFERRABLE for the load`,
      });
    } else if (u.reason === 'behind-barrier') {
      out.push({
        ...base,
        detail:
          'its parent is loaded by a statement that cannot move above a statement in between: its effect on the tables is unknown or it touches them. Move that statement yourself if it is safe.',
      });
    } else {
      out.push({
        ...base,
        detail: `the statements loading ${u.edge.fk.table.name} need each other's rows, and fkdoctor does not split them: ${u.detail ?? 'their rows cannot be read'}`,
      });
    }
  }
  for (const blocked of result.barriers) out.push(barrierJson(blocked, file));
  return out;
}

/** `customers (id) = (42), (43)`: the parent keys rows need, the first few. */
function missingKeys(rows: FixResult['missingParentRows']): string {
  const first = rows[0];
  if (!first) return 'the parent row';
  const keys = [...new Set(rows.map((r) => `(${r.key.join(', ')})`))];
  const shown = keys.length > 5 ? [...keys.slice(0, 5), '…'] : keys;
  return `${first.parentTable.name} (${first.parentColumns.join(', ')}) = ${shown.join(', ')}`;
}

/** A parent loaded after a statement the sandbox run showed it could not cross. */
function barrierJson(blocked: BlockedParent, file: string | null): FixJsonUnfixable {
  const { failure } = blocked;
  const violation = failure.violation;
  return {
    file,
    line: failure.line,
    statement: failure.statementText,
    table: violation?.table ? { schema: violation.schema, name: violation.table } : null,
    constraint: failure.constraint,
    reason: 'behind-barrier',
    detail: `its parent is inserted at line ${blocked.parentLine}, which cannot move above ${
      blocked.blockedLine === null
        ? 'a statement in between'
        : `the ${blocked.blockedKind === 'procedural' ? 'DO/CALL' : blocked.blockedKind} statement at line ${blocked.blockedLine}`
    }: fkdoctor cannot see what that statement does. Move it yourself if that is safe.`,
    parentLine: blocked.parentLine,
    blockedLine: blocked.blockedLine,
  };
}

/** The document, as plain data (see `renderFixJson` for the text). */
export function fixJson(
  result: FixResult,
  script: { text: string; file: string | null },
  options: FixJsonOptions,
): FixJson {
  const { plan, statements } = result;
  const file = script.file;
  const lineOf = (i: number) => statements[i]!.line;
  const excerpt = (i: number) => {
    const s: ScriptStatement = statements[i]!;
    return firstLine(options.excerpts?.get(i) ?? script.text.slice(s.span.start, s.span.end));
  };
  const mode = result.missingParentsMode;
  const written = options.output !== null;
  const doc: FixJson = {
    format: 'fkdoctor-fix',
    version: fixJsonVersion,
    file,
    fixed: result.verified && written,
    // A spilled script's fix is in a file, not in `fixed`.
    changed: result.fixed !== null || result.plan.changed,
    output: options.output,
    verified: result.verified,
    rounds: result.rounds,
    statements: options.statementCount ?? statements.length,
    moves: plan.moves.map((move) => {
      return {
        line: lineOf(move.statement),
        statement: excerpt(move.statement),
        table: targetTable(result, move.statement),
        before: move.before === null ? null : lineOf(move.before),
        constraint: move.edge?.fk.name ?? null,
      };
    }),
    deferrals: plan.deferrals.map((d) => deferralJson(d, lineOf)),
    nullings: plan.nullings.map((n) => ({
      table: qn(n.edge.fk.table),
      columns: n.edge.nullableColumns,
      constraint: n.edge.fk.name,
      lines: n.statements.map(lineOf),
      updateAfter: lineOf(n.parentStatement),
    })),
    splits: splitsJson(result, excerpt),
    unfixable: unfixableJson(result, file, lineOf, excerpt),
    missingParentsMode: mode,
    missingParents: result.missingParentRows.map((r) => ({ file, ...missingRow(r) })),
    newFailures: result.newFailures.map(({ failure, place }) =>
      failureJson({ ...failure, file }, place?.line ?? null),
    ),
    otherFailures: result.otherFailures.map(({ failure, place }) =>
      failureJson({ ...failure, file }, place?.line ?? null),
    ),
    exhausted: result.exhausted,
  };
  if (mode === 'placeholder') {
    doc.placeholders = result.placeholders.map((p) => ({
      table: qn(p.table),
      keyColumns: p.keyColumns,
      keys: p.keys,
      constraints: p.constraints,
      before: lineOf(p.before),
      sql: p.sql,
    }));
  }
  if (mode === 'quarantine') {
    doc.quarantine = result.quarantine
      ? {
          file: options.quarantineFile ?? null,
          rows: result.quarantine.rows.map(missingRow),
        }
      : null;
  }
  if (mode === 'map') {
    doc.mapped = result.mapped.map((r) => ({
      line: r.line,
      row: r.rowNumber,
      table: qn(r.table),
      columns: r.columns,
      constraint: r.constraint,
      key: r.key,
      newKey: r.newKey,
      parentTable: qn(r.parentTable),
      parentColumns: r.parentColumns,
      naturalColumns: r.naturalColumns,
      naturalValues: r.naturalValues,
      from: r.from,
    }));
  }
  if (mode !== 'report') {
    doc.refused = result.refused.map((r) => ({
      option: r.option,
      table: qn(r.table),
      reason: r.reason,
      rows: r.places.map(place),
    }));
  }
  return doc;
}

export function renderFixJson(
  result: FixResult,
  script: { text: string; file: string | null },
  options: FixJsonOptions,
): string {
  return `${JSON.stringify(fixJson(result, script, options), null, 2)}\n`;
}
