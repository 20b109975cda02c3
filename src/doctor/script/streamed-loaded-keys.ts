// Where a script too big to hold loads a few parent keys: one more stream of the script that
// reads only the rows of the INSERT ... VALUES and COPY statements on the tables asked about,
// a COPY's data in pieces of whole rows, and keeps only the keys asked for. check over its
// threshold uses it to say where the parent of each failing row is inserted, as it does in
// memory with loadedKeys().

import type { Table } from '../../model/catalog.js';
import type { FkGraph } from '../../model/fk-graph.js';
import type { CopyData, ScriptStatement } from '../../model/script.js';
import { countNewlines } from '../../sql/rows/copy-cursor.js';
import { readCopyRows } from '../../sql/rows/copy-data.js';
import { copyRowEnds } from '../../sql/rows/copy-row-ends.js';
import { createSplitter, statementText } from '../../sql/split/index.js';
import { addLoadedKeys, type LoadedKey } from './loaded-keys.js';
import { resolveTable } from './plan/resolve-table.js';
import { copyCommand, insertRows, type LiteralRow, type StatementRows } from './statement-rows.js';

/** Keys to look for in the rows of one table, read as `columns` (an FK's referenced ones). */
export interface WantedKeys {
  /** The table's graph key (`schema.name`). */
  tableKey: string;
  table: Table;
  columns: readonly string[];
  /** The keys, as keyText() writes them. */
  keys: ReadonlySet<string>;
}

/** COPY data is read in pieces of about this many characters, unless told. */
const PIECE_CHARS = 8 * 1024 * 1024;

interface CopyBeingRead {
  statement: ScriptStatement;
  wanted: WantedKeys[];
  command: Omit<StatementRows, 'rows'>;
  format: CopyData;
  buffer: string;
  /** Line of the buffer's first row, rows read before it, and whether a header comes first. */
  line: number;
  rowsBefore: number;
  header: boolean;
}

/** For each of `wanted`, the first row of the script loading each of its keys. */
export async function streamedLoadedKeys(
  chunks: AsyncIterable<string>,
  graph: FkGraph,
  wanted: readonly WantedKeys[],
  pieceChars = PIECE_CHARS,
): Promise<Map<WantedKeys, Map<string, LoadedKey>>> {
  const found = new Map(wanted.map((w) => [w, new Map<string, LoadedKey>()]));
  const byTable = new Map<string, WantedKeys[]>();
  for (const w of wanted) byTable.set(w.tableKey, [...(byTable.get(w.tableKey) ?? []), w]);
  const wantedFor = (statement: ScriptStatement): WantedKeys[] => {
    if ((statement.kind !== 'insert' && statement.kind !== 'copy') || !statement.target) return [];
    const table = resolveTable(graph, statement.target);
    return table === null ? [] : (byTable.get(table) ?? []);
  };
  const take = (index: number, rows: StatementRows, into: readonly WantedKeys[]) => {
    for (const w of into) addLoadedKeys(found.get(w)!, index, rows, w.table, w.columns, w.keys);
  };

  let copy: CopyBeingRead | null = null;
  /** Reads the whole rows at the start of the COPY's buffer (all of it at the data's end). */
  const readPiece = (reading: CopyBeingRead, last: boolean) => {
    const cut = last ? reading.buffer.length : copyRowEnds(reading.buffer, reading.format).end;
    if (cut === 0) return;
    const text = reading.buffer.slice(0, cut);
    reading.buffer = reading.buffer.slice(cut);
    const data: CopyData = {
      ...reading.format,
      span: { start: 0, end: text.length },
      line: reading.line,
      header: reading.header,
    };
    const rows: LiteralRow[] = [];
    for (const row of readCopyRows(text, data)) {
      rows.push({
        rowNumber: reading.rowsBefore + rows.length + 1,
        span: row.span,
        line: row.line,
        values: row.fields,
        ...(row.defaults ? { defaults: row.defaults } : {}),
      });
    }
    reading.header = false;
    reading.line += countNewlines(text, 0, text.length);
    reading.rowsBefore += rows.length;
    take(reading.statement.index, { ...reading.command, rows }, reading.wanted);
  };
  /** A row the server would reject ends the reading of its COPY (the run reported it). */
  const reading = (fn: (copy: CopyBeingRead) => void) => {
    if (!copy) return;
    try {
      fn(copy);
    } catch {
      copy = null;
    }
  };

  const splitter = createSplitter({
    onCopyStart(statement, source) {
      const into = wantedFor(statement);
      const command = into.length > 0 ? copyCommand(statementText(source, statement)) : null;
      const format = statement.copyData!;
      copy = command
        ? {
            statement,
            wanted: into,
            command,
            format,
            buffer: '',
            line: format.line,
            rowsBefore: 0,
            header: format.header,
          }
        : null;
    },
    onCopyData(data) {
      reading((c) => {
        c.buffer += data;
        if (c.buffer.length >= pieceChars) readPiece(c, false);
      });
    },
    onStatement(statement, source) {
      if (statement.copyData) {
        reading((c) => readPiece(c, true));
        copy = null;
        return;
      }
      if (statement.kind !== 'insert') return;
      const into = wantedFor(statement);
      if (into.length === 0) return;
      const rows = insertRows(statementText(source, statement), statement.line);
      if (rows) take(statement.index, rows, into);
    },
  });
  for await (const chunk of chunks) splitter.push(chunk);
  splitter.end();
  return found;
}
