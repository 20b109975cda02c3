// Which tables a statement writes and which it reads, from the real parser's tree, so that fix
// never moves a statement past another that reads or writes the same tables. A statement whose
// effect the text cannot show (DO, CALL, a user function, TRUNCATE ... CASCADE, most DDL) is
// `opaque`: it must be treated as touching everything.
//
// What the text cannot show and callers must add from the catalog: the parent tables an FK
// check reads, the child tables ON DELETE/UPDATE actions write, triggers and rules, the base
// tables behind a view, and the sequence behind a serial/identity column's default.

import { hasSqlDetails, loadModule, type ParseResult, parse, parseSync } from 'libpg-query';
import { readQualifiedName } from './identifier.js';
import { isTableFreeFunction } from './table-free-functions.js';

/** A relation as written: raw names, schema null when unqualified. */
export interface TableRef {
  schema: string | null;
  name: string;
}

export type StatementTablesKind =
  | 'insert'
  | 'update'
  | 'delete'
  | 'merge'
  | 'select'
  | 'copy'
  | 'truncate'
  | 'ddl'
  | 'set'
  | 'transaction'
  | 'procedural'
  | 'other';

export interface StatementTables {
  kind: StatementTablesKind;
  /** Tables (or views) whose rows or definition the statement changes. */
  writes: TableRef[];
  /** Tables (or views) it reads; CTE names are not tables and are left out. */
  reads: TableRef[];
  /** Sequences named in setval/nextval/currval calls (setval in data dumps). */
  sequences: TableRef[];
  /** The statement may touch tables the text does not name. */
  opaque: boolean;
  /** Why it is opaque, e.g. `DO block`, `function audit.log_change()`. */
  opaqueReasons: string[];
}

/** SQL that libpg-query cannot parse; `position` is the 0-based offset it points at. */
export class StatementParseError extends Error {
  override readonly name = 'StatementParseError';

  constructor(
    message: string,
    readonly position: number | null,
  ) {
    super(message);
  }
}

/** Loads the parser's WebAssembly; needed once before statementTablesSync. */
export function loadStatementParser(): Promise<void> {
  return loadModule();
}

/** The tables of one statement (several are merged; the kind is the first one's). */
export async function statementTables(sql: string): Promise<StatementTables> {
  let tree: ParseResult;
  try {
    tree = await parse(sql);
  } catch (error) {
    throw parseError(error);
  }
  return tablesOf(tree);
}

/** Like statementTables, without a promise per statement; call loadStatementParser first. */
export function statementTablesSync(sql: string): StatementTables {
  let tree: ParseResult;
  try {
    tree = parseSync(sql);
  } catch (error) {
    throw parseError(error);
  }
  return tablesOf(tree);
}

function parseError(error: unknown): Error {
  if (hasSqlDetails(error)) {
    return new StatementParseError(error.message, error.sqlDetails?.cursorPosition ?? null);
  }
  return error instanceof Error ? error : new Error(String(error));
}

type Json = { [key: string]: unknown };

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const statementKinds: Record<string, StatementTablesKind> = {
  InsertStmt: 'insert',
  UpdateStmt: 'update',
  DeleteStmt: 'delete',
  MergeStmt: 'merge',
  SelectStmt: 'select',
  CopyStmt: 'copy',
  TruncateStmt: 'truncate',
  VariableSetStmt: 'set',
  VariableShowStmt: 'set',
  ConstraintsSetStmt: 'set',
  TransactionStmt: 'transaction',
  DoStmt: 'procedural',
  CallStmt: 'procedural',
};

/** DDL whose effect stays on the relations it names (all counted as written). */
const namedDdl = new Set([
  'CreateStmt',
  'CreateTableAsStmt',
  'IndexStmt',
  'AlterTableStmt',
  'CreateSeqStmt',
  'AlterSeqStmt',
  'CommentStmt',
  'GrantStmt',
  'RenameStmt',
  'ViewStmt',
  'CreateTrigStmt',
  'CreatePolicyStmt',
  'AlterPolicyStmt',
  'AlterOwnerStmt',
  'CreateSchemaStmt',
  'CreateFunctionStmt',
  'CreateEnumStmt',
  'AlterEnumStmt',
  'CompositeTypeStmt',
  'CreateDomainStmt',
  'AlterDomainStmt',
  'CreateRoleStmt',
  'AlterRoleStmt',
  'GrantRoleStmt',
  'AlterDefaultPrivilegesStmt',
  'CreateStatsStmt',
  'DropStmt',
  'SecLabelStmt',
]);

/** Utility statements that touch no table at all. */
const tableFreeUtility = new Set([
  'VariableSetStmt',
  'VariableShowStmt',
  'ConstraintsSetStmt',
  'TransactionStmt',
  'ListenStmt',
  'UnlistenStmt',
  'NotifyStmt',
  'DiscardStmt',
  'CheckPointStmt',
  'DeallocateStmt',
  'PrepareStmt',
  'LoadStmt',
]);

/** Utility statements that only read the relations they name. */
const readingUtility = new Set([
  'LockStmt',
  'VacuumStmt',
  'ClusterStmt',
  'ReindexStmt',
  'ExplainStmt',
]);

/** Statements node() marks opaque with a reason of their own. */
const selfExplained = new Set(['ExecuteStmt', 'RefreshMatViewStmt', 'RuleStmt']);

const ddlPrefix =
  /^(Create|Alter|Drop|Comment|Grant|Revoke|Rename|Reassign|Import|Sec|Rule|Refresh)/;

function kindOf(type: string): StatementTablesKind {
  return statementKinds[type] ?? (namedDdl.has(type) || ddlPrefix.test(type) ? 'ddl' : 'other');
}

const relationDrops = new Set([
  'OBJECT_TABLE',
  'OBJECT_VIEW',
  'OBJECT_MATVIEW',
  'OBJECT_SEQUENCE',
  'OBJECT_FOREIGN_TABLE',
  'OBJECT_INDEX',
]);

class RefSet {
  private readonly seen = new Set<string>();
  readonly list: TableRef[] = [];

  add(ref: TableRef): void {
    const key = JSON.stringify([ref.schema, ref.name]);
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.list.push(ref);
  }
}

class Collector {
  readonly writes = new RefSet();
  readonly reads = new RefSet();
  readonly sequences = new RefSet();
  readonly opaque: string[] = [];
  /** CTE names in scope, innermost last. */
  private readonly scopes: Set<string>[] = [];
  /** Inside DDL every relation named counts as written. */
  private ddl = false;

  statement(type: string, body: Json): void {
    if (namedDdl.has(type)) {
      this.ddl = true;
      this.node(type, body);
      this.ddl = false;
    } else if (
      statementKinds[type] ||
      tableFreeUtility.has(type) ||
      readingUtility.has(type) ||
      selfExplained.has(type)
    ) {
      this.node(type, body);
    } else {
      this.opaque.push(statementName(type));
      this.ddl = true;
      this.node(type, body);
      this.ddl = false;
    }
  }

  /** A wrapped node `{ Type: body }` or any other value of the tree. */
  visit(value: unknown): void {
    if (Array.isArray(value)) {
      for (const item of value) this.visit(item);
      return;
    }
    if (!isObject(value)) return;
    if (typeof value.relname === 'string') {
      this.relation(value, this.ddl ? 'write' : 'read');
      return;
    }
    for (const [key, child] of Object.entries(value)) {
      // Node types are capitalised (`RangeVar`), fields are not (`fromClause`).
      const first = key.charCodeAt(0);
      if (first >= 65 && first <= 90 && isObject(child)) this.node(key, child);
      else this.visit(child);
    }
  }

  private fields(body: Json, skip: readonly string[]): void {
    for (const [key, child] of Object.entries(body)) if (!skip.includes(key)) this.visit(child);
  }

  private node(type: string, body: Json): void {
    switch (type) {
      case 'RangeVar':
        this.relation(body, this.ddl ? 'write' : 'read');
        return;
      case 'InsertStmt':
      case 'UpdateStmt':
      case 'DeleteStmt':
      case 'MergeStmt':
        this.withScope(body.withClause, () => {
          if (isObject(body.relation)) this.relation(body.relation, 'write');
          this.fields(body, ['relation', 'withClause']);
        });
        return;
      case 'SelectStmt':
        this.withScope(body.withClause, () => {
          const into = body.intoClause;
          if (isObject(into) && isObject(into.rel)) this.relation(into.rel, 'write');
          this.fields(body, ['withClause', 'intoClause']);
        });
        return;
      case 'CreateTableAsStmt': {
        const into = body.into;
        if (isObject(into) && isObject(into.rel)) this.relation(into.rel, 'write');
        this.asData(() => this.visit(body.query));
        return;
      }
      case 'ViewStmt':
        if (isObject(body.view)) this.relation(body.view, 'write');
        this.asData(() => this.visit(body.query));
        return;
      case 'TruncateStmt':
        for (const item of asArray(body.relations)) {
          if (isObject(item) && isObject(item.RangeVar)) this.relation(item.RangeVar, 'write');
        }
        if (body.behavior === 'DROP_CASCADE') this.opaque.push('TRUNCATE ... CASCADE');
        return;
      case 'CopyStmt':
        if (isObject(body.relation)) this.relation(body.relation, body.is_from ? 'write' : 'read');
        this.visit(body.query);
        return;
      case 'DropStmt':
        this.drop(body);
        return;
      case 'DoStmt':
        this.opaque.push('DO block');
        return;
      case 'CallStmt':
        this.opaque.push(`CALL ${functionName(body.funccall)}`);
        return;
      case 'ExecuteStmt':
        this.opaque.push('EXECUTE of a prepared statement');
        return;
      case 'RefreshMatViewStmt':
        if (isObject(body.relation)) this.relation(body.relation, 'write');
        this.opaque.push('REFRESH MATERIALIZED VIEW');
        return;
      case 'RuleStmt':
        if (isObject(body.relation)) this.relation(body.relation, 'write');
        this.opaque.push('CREATE RULE');
        return;
      case 'FuncCall':
        this.functionCall(body);
        return;
      default:
        this.fields(body, []);
    }
  }

  /** Inside DDL, a query (CREATE TABLE AS, CREATE VIEW) still only reads. */
  private asData(fn: () => void): void {
    const ddl = this.ddl;
    this.ddl = false;
    fn();
    this.ddl = ddl;
  }

  private relation(rangeVar: Json, mode: 'read' | 'write'): void {
    const name = rangeVar.relname as string;
    const schema = typeof rangeVar.schemaname === 'string' ? rangeVar.schemaname : null;
    if (schema === null && mode === 'read' && this.scopes.some((scope) => scope.has(name))) return;
    (mode === 'write' ? this.writes : this.reads).add({ schema, name });
  }

  /**
   * WITH: in a plain WITH a CTE is visible to the ones after it and to the statement; in WITH
   * RECURSIVE to all of them, itself included.
   */
  private withScope(withClause: unknown, fn: () => void): void {
    if (!isObject(withClause)) {
      fn();
      return;
    }
    const scope = new Set<string>();
    this.scopes.push(scope);
    const ctes = asArray(withClause.ctes).flatMap((c) =>
      isObject(c) && isObject(c.CommonTableExpr) ? [c.CommonTableExpr] : [],
    );
    if (withClause.recursive === true) {
      for (const cte of ctes) scope.add(cte.ctename as string);
    }
    for (const cte of ctes) {
      this.visit(cte.ctequery);
      scope.add(cte.ctename as string);
    }
    fn();
    this.scopes.pop();
  }

  private drop(body: Json): void {
    if (body.behavior === 'DROP_CASCADE') this.opaque.push('DROP ... CASCADE');
    if (!relationDrops.has(body.removeType as string)) return;
    for (const object of asArray(body.objects)) {
      const parts = isObject(object) && isObject(object.List) ? asArray(object.List.items) : [];
      const names = parts.flatMap((p) =>
        isObject(p) && isObject(p.String) ? [p.String.sval as string] : [],
      );
      const name = names[names.length - 1];
      if (name !== undefined) this.writes.add({ schema: names[names.length - 2] ?? null, name });
    }
  }

  private functionCall(body: Json): void {
    const names = asArray(body.funcname).flatMap((p) =>
      isObject(p) && isObject(p.String) ? [p.String.sval as string] : [],
    );
    const name = names[names.length - 1] ?? '';
    const schema = names.length > 1 ? names[names.length - 2]! : null;
    if (!isTableFreeFunction(schema, name)) {
      this.opaque.push(`function ${names.join('.')}()`);
    } else if (name === 'setval' || name === 'nextval' || name === 'currval') {
      const sequence = sequenceArgument(asArray(body.args)[0]);
      if (sequence !== null) this.sequences.add(sequence);
    }
    this.fields(body, ['funcname']);
  }
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function statementName(type: string): string {
  return type
    .replace(/Stmt$/, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toUpperCase();
}

/** CALL's funccall is a bare FuncCall, not wrapped in a node. */
function functionName(funccall: unknown): string {
  if (!isObject(funccall)) return 'procedure';
  const names = asArray(funccall.funcname).flatMap((p) =>
    isObject(p) && isObject(p.String) ? [p.String.sval as string] : [],
  );
  return names.join('.');
}

/** setval('public."Seq"', ...): the string is read like regclass input, quotes and all. */
function sequenceArgument(arg: unknown): TableRef | null {
  let node = arg;
  if (isObject(node) && isObject(node.TypeCast)) node = node.TypeCast.arg;
  if (!isObject(node) || !isObject(node.A_Const)) return null;
  const sval = node.A_Const.sval;
  if (!isObject(sval) || typeof sval.sval !== 'string') return null;
  const text = sval.sval.trim();
  const name = readQualifiedName(text, 0);
  if (name === null || name.end !== text.length) return null;
  const parts = name.parts;
  return {
    schema: parts.length > 1 ? parts[parts.length - 2]! : null,
    name: parts[parts.length - 1]!,
  };
}

function tablesOf(tree: ParseResult): StatementTables {
  const collector = new Collector();
  let kind: StatementTablesKind | null = null;
  for (const raw of tree.stmts ?? []) {
    const stmt = raw.stmt as unknown;
    if (!isObject(stmt)) continue;
    for (const [type, body] of Object.entries(stmt)) {
      if (!isObject(body)) continue;
      kind ??= kindOf(type);
      collector.statement(type, body);
    }
  }
  return {
    kind: kind ?? 'other',
    writes: collector.writes.list,
    reads: collector.reads.list,
    sequences: collector.sequences.list,
    opaque: collector.opaque.length > 0,
    opaqueReasons: collector.opaque,
  };
}
