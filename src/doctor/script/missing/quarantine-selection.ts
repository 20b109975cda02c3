// --missing-parents quarantine: which rows leave the script. A row whose parent key no statement
// inserts goes, and so does every row that references a row that went (through any FK, however
// deep), or it would fail in turn. Those descendants are found here from the rows' own keys, a
// hash lookup per key; the sandbox run that follows finds any the text cannot show (keys from
// defaults or INSERT ... SELECT), and fix goes round again.
//
// A row is refused (left where it is, so the script stays unfixed and fix says why) when
// taking it out cannot be done in the text (not a literal row of an INSERT or COPY, a psql
// meta-command inside the statement) or would change other rows: a row that takes a value
// from a sequence would shift the values of every row loaded after it.

import { type Catalog, findTable, type QualifiedName, type Table } from '../../../model/catalog.js';
import type { FkEdge, FkGraph } from '../../../model/fk-graph.js';
import type { ScriptStatement } from '../../../model/script.js';
import { isUnknownKeyPart, type KeyPart, keyReader } from '../../../sql/rows/key-of-row.js';
import { normaliseKeyText } from '../../../sql/rows/key-text.js';
import { resolveTable } from '../plan/resolve-table.js';
import type { StatementRows } from '../statement-rows.js';
import type { MissingParentRow } from './missing-parent-rows.js';

export interface RowPlace {
  statementIndex: number;
  rowNumber: number;
  line: number;
}

export interface QuarantinedRow extends RowPlace {
  table: QualifiedName;
  /** The FK that fails: its columns, the row's key in them, the table and columns it references. */
  constraint: string;
  columns: string[];
  key: string[];
  parentTable: QualifiedName;
  parentColumns: string[];
  /** Taken out because it references this quarantined row; null: its parent is inserted nowhere. */
  parentRow: RowPlace | null;
}

export interface QuarantineRefusal {
  statementIndex: number;
  rowNumber: number | null;
  line: number;
  table: QualifiedName;
  reason: string;
}

interface KeyIndex {
  keys: Map<string, RowPlace[]>;
  /** Some rows' keys cannot be read from the text: a key may be loaded where the index misses it. */
  uncertain: boolean;
}

const tableKey = (name: QualifiedName) => `${name.schema}.${name.name}`;
const rowId = (statementIndex: number, rowNumber: number) => `${statementIndex}:${rowNumber}`;
const groupId = (table: QualifiedName, columns: readonly string[]) =>
  JSON.stringify([table.schema, table.name, columns]);
const place = ({ statementIndex, rowNumber, line }: RowPlace): RowPlace => ({
  statementIndex,
  rowNumber,
  line,
});

const usesSequence = (column: Table['columns'][number]) =>
  column.identity !== null || (column.default !== null && /\bnextval\s*\(/i.test(column.default));

/** Key parts normalised as the referenced columns compare them; null when one is not known. */
function keyAs(parts: readonly KeyPart[], table: Table, columns: readonly string[]): string | null {
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (part === null || part === undefined || isUnknownKeyPart(part)) return null;
    const column = table.columns.find((c) => c.name === columns[i]);
    out.push((column && normaliseKeyText(part, column)) ?? part);
  }
  return JSON.stringify(out);
}

export class QuarantineSelection {
  readonly rows = new Map<string, QuarantinedRow>();
  readonly refused: QuarantineRefusal[] = [];
  private readonly refusedIds = new Set<string>();
  /** Per referenced table and columns: the keys only quarantined rows loaded, and which row. */
  private readonly removedKeys = new Map<string, Map<string, QuarantinedRow>>();
  private readonly indexes = new Map<string, KeyIndex>();
  private readonly loaders = new Map<string, number[]>();

  constructor(
    private readonly statements: readonly ScriptStatement[],
    private readonly catalog: Catalog,
    private readonly graph: FkGraph,
    private readonly rowsOf: (index: number) => StatementRows | null,
    /** Statements whose rows fix split to order a self-reference: not also taken apart. */
    private readonly split: ReadonlySet<number> = new Set(),
  ) {
    for (const statement of statements) {
      if ((statement.kind !== 'insert' && statement.kind !== 'copy') || !statement.target) continue;
      const key = resolveTable(graph, statement.target);
      if (key !== null) this.loaders.set(key, [...(this.loaders.get(key) ?? []), statement.index]);
    }
  }

  /** Takes out these rows and every row that depends on them; returns how many rows went. */
  add(missing: readonly MissingParentRow[]): number {
    const before = this.rows.size;
    const work: QuarantinedRow[] = [];
    for (const row of missing) {
      if (row.rowNumber === null) {
        this.refuse(
          row,
          null,
          'the statement has no literal rows fkdoctor can take out (ALTER TABLE, UPDATE, INSERT ... SELECT)',
        );
        continue;
      }
      if (this.rows.has(rowId(row.statementIndex, row.rowNumber))) continue;
      const parent = findTable(this.catalog, row.parentTable);
      const removed = this.removedKeys.get(groupId(row.parentTable, row.parentColumns));
      const key = parent ? keyAs(row.key, parent, row.parentColumns) : null;
      const parentRow = key === null ? undefined : removed?.get(key);
      const quarantined: QuarantinedRow = {
        ...row,
        rowNumber: row.rowNumber,
        parentRow: parentRow ? place(parentRow) : null,
      };
      if (this.take(quarantined)) work.push(quarantined);
    }
    for (let row = work.pop(); row; row = work.pop()) {
      for (const child of this.descendants(row)) if (this.take(child)) work.push(child);
    }
    return this.rows.size - before;
  }

  /** The statements that lost rows: the row numbers left in each. */
  keptRows(): Map<number, number[]> {
    const removed = new Map<number, Set<number>>();
    for (const row of this.rows.values()) {
      const set = removed.get(row.statementIndex) ?? new Set();
      set.add(row.rowNumber);
      removed.set(row.statementIndex, set);
    }
    const kept = new Map<number, number[]>();
    for (const [index, gone] of removed) {
      const count = this.rowsOf(index)?.rows.length ?? 0;
      const left: number[] = [];
      for (let n = 1; n <= count; n++) if (!gone.has(n)) left.push(n);
      kept.set(index, left);
    }
    return kept;
  }

  private refuse(
    row: Omit<RowPlace, 'rowNumber'> & { table: QualifiedName },
    rowNumber: number | null,
    reason: string,
  ) {
    const id = `${row.statementIndex}:${rowNumber}`;
    if (this.refusedIds.has(id)) return;
    this.refusedIds.add(id);
    this.refused.push({
      statementIndex: row.statementIndex,
      rowNumber,
      line: row.line,
      table: row.table,
      reason,
    });
  }

  private take(row: QuarantinedRow): boolean {
    const id = rowId(row.statementIndex, row.rowNumber);
    if (this.rows.has(id)) return false;
    const reason = this.cannotTake(row);
    if (reason !== null) {
      this.refuse(row, row.rowNumber, reason);
      return false;
    }
    this.rows.set(id, row);
    return true;
  }

  private cannotTake(row: QuarantinedRow): string | null {
    const statement = this.statements[row.statementIndex]!;
    const rows = this.rowsOf(row.statementIndex);
    const literal = rows?.rows[row.rowNumber - 1];
    if ((statement.kind !== 'insert' && statement.kind !== 'copy') || !rows || !literal) {
      return 'the statement has no literal rows fkdoctor can take out (INSERT ... SELECT, an expression)';
    }
    if (this.split.has(row.statementIndex)) {
      return 'fkdoctor split the statement to order its self-reference, and does not also take rows out of it';
    }
    if (statement.excluded?.length) {
      return 'a psql meta-command sits inside the statement, so fkdoctor does not rewrite it';
    }
    const table = findTable(this.catalog, row.table);
    for (const column of table?.columns ?? []) {
      if (!usesSequence(column)) continue;
      const [part] = keyReader(table!, [column.name], rows)(literal.values, literal.defaults);
      if (
        part &&
        isUnknownKeyPart(part) &&
        (part.unknown === 'identity' || part.unknown === 'default')
      ) {
        return `its ${column.name} comes from a sequence: taking the row out would change the ${column.name} of every ${row.table.name} row loaded after it`;
      }
    }
    return null;
  }

  /** The rows that reference `row` through some FK, when no other row loads the same key. */
  private descendants(row: QuarantinedRow): QuarantinedRow[] {
    const table = findTable(this.catalog, row.table);
    const rows = this.rowsOf(row.statementIndex);
    const literal = rows?.rows[row.rowNumber - 1];
    if (!table || !rows || !literal) return [];
    const found: QuarantinedRow[] = [];
    for (const edge of this.graph.edges) {
      if (edge.parent !== tableKey(table)) continue;
      const columns = edge.fk.referencedColumns;
      const key = keyAs(
        keyReader(table, columns, rows)(literal.values, literal.defaults),
        table,
        columns,
      );
      if (key === null) continue;
      const index = this.keyIndex(table, columns);
      if (index.keys.get(key)?.some((p) => !this.rows.has(rowId(p.statementIndex, p.rowNumber))))
        continue; // another row loads the same key: the references stay good
      const group = groupId(table, columns);
      const removed = this.removedKeys.get(group) ?? new Map<string, QuarantinedRow>();
      removed.set(key, row);
      this.removedKeys.set(group, removed);
      if (index.uncertain) continue; // the sandbox run tells; the next round takes them
      for (const child of this.childIndex(edge, table).keys.get(key) ?? []) {
        found.push({
          ...child,
          table: edge.fk.table,
          constraint: edge.fk.name,
          columns: edge.fk.columns,
          key: JSON.parse(key) as string[],
          parentTable: edge.fk.referencedTable,
          parentColumns: columns,
          parentRow: place(row),
        });
      }
    }
    return found;
  }

  /** Where each key of `table` in `columns` is loaded. */
  private keyIndex(table: Table, columns: readonly string[]): KeyIndex {
    const id = JSON.stringify(['parent', tableKey(table), columns]);
    let index = this.indexes.get(id);
    if (!index) {
      index = this.readKeys(tableKey(table), table, columns, table, columns);
      this.indexes.set(id, index);
    }
    return index;
  }

  /** The rows of the edge's child table by the key they reference. */
  private childIndex(edge: FkEdge, parent: Table): KeyIndex {
    const id = JSON.stringify(['child', edge.child, edge.fk.name]);
    let index = this.indexes.get(id);
    if (!index) {
      const child = findTable(this.catalog, edge.fk.table);
      index = child
        ? this.readKeys(edge.child, child, edge.fk.columns, parent, edge.fk.referencedColumns)
        : { keys: new Map(), uncertain: true };
      this.indexes.set(id, index);
    }
    return index;
  }

  private readKeys(
    key: string,
    table: Table,
    columns: readonly string[],
    compareAs: Table,
    compareColumns: readonly string[],
  ): KeyIndex {
    const keys = new Map<string, RowPlace[]>();
    let uncertain = false;
    for (const index of this.loaders.get(key) ?? []) {
      const rows = this.rowsOf(index);
      if (!rows) {
        uncertain = true;
        continue;
      }
      const read = keyReader(table, columns, rows);
      for (const row of rows.rows) {
        const parts = read(row.values, row.defaults);
        if (parts.some((p) => p === null)) continue; // MATCH SIMPLE: references nothing
        const text = keyAs(parts, compareAs, compareColumns);
        if (text === null) {
          uncertain = true;
          continue;
        }
        const list = keys.get(text) ?? [];
        list.push({ statementIndex: index, rowNumber: row.rowNumber, line: row.line });
        keys.set(text, list);
      }
    }
    return { keys, uncertain };
  }
}
