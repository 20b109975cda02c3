// The splitter against PostgreSQL's own parser (libpg-query, the server's grammar compiled to
// WASM): the same statements, starting and ending at the same places, of the kinds and on the
// tables the parse tree names. The server parser knows no psql meta-commands and no COPY data, so
// those are blanked out (same length, line breaks kept) before it reads the text.

import { parseSync } from 'libpg-query';
import { expect } from 'vitest';
import type { ScriptStatement, StatementKind } from '../../../src/model/script.js';
import { statementText } from '../../../src/sql/split/index.js';
import { split } from './support.js';

/** UTF-16 offset → UTF-8 byte offset, for every offset of the text. */
function byteOffsets(text: string): Int32Array {
  const offsets = new Int32Array(text.length + 1);
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    offsets[i] = bytes;
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff)
      bytes += 2; // half of a 4-byte character
    else if (c >= 0xdc00 && c <= 0xdfff) bytes += 2;
    else bytes += 3;
  }
  offsets[text.length] = bytes;
  return offsets;
}

function blank(text: string, start: number, end: number): string {
  return text.slice(0, start) + text.slice(start, end).replace(/[^\n]/g, ' ') + text.slice(end);
}

/**
 * What the server parser would be given: no meta-commands, no COPY data, and a `;` where a
 * meta-command like \g sent the statement before it.
 */
function serverView(text: string, statements: readonly ScriptStatement[]): string {
  let view = text;
  for (const statement of statements) {
    if (statement.kind === 'meta' || statement.meta !== undefined) {
      view = blank(view, statement.span.start, statement.span.end);
      if (statements[statement.index - 1]?.endedBy === statement.meta) {
        view = `${view.slice(0, statement.span.start)};${view.slice(statement.span.start + 1)}`;
      }
    }
    if (statement.copyData) {
      view = blank(view, statement.copyData.span.start, statement.copyData.span.end);
    }
  }
  return view;
}

interface RangeVar {
  schemaname?: string;
  relname: string;
}

type Node = Record<string, Record<string, unknown>>;

function kindOf(type: string, node: Record<string, unknown>): StatementKind[] {
  switch (type) {
    case 'InsertStmt':
      return ['insert'];
    case 'UpdateStmt':
      return ['update'];
    case 'DeleteStmt':
    case 'TruncateStmt':
      return ['delete'];
    case 'CopyStmt':
      return [node.is_from ? 'copy' : 'other'];
    case 'SelectStmt':
      return ['select', 'set'];
    case 'VariableSetStmt':
    case 'ConstraintsSetStmt':
      return ['set'];
    case 'TransactionStmt':
      return ['transaction'];
    case 'DoStmt':
    case 'CallStmt':
      return ['procedural'];
    default:
      return /^(Create|Alter|Drop|Define|Index|View|Rule|Rename|Comment|Grant|SecLabel|ImportForeignSchema|ReassignOwned|CompositeType)/.test(
        type,
      )
        ? ['ddl']
        : ['other'];
  }
}

function targetOf(type: string, node: Record<string, unknown>): RangeVar | undefined {
  if (type === 'TruncateStmt') {
    return (node.relations as { RangeVar: RangeVar }[])[0]!.RangeVar;
  }
  if (type === 'CopyStmt' && !node.is_from) return undefined;
  if (['InsertStmt', 'UpdateStmt', 'DeleteStmt', 'CopyStmt', 'MergeStmt'].includes(type)) {
    return node.relation as RangeVar | undefined;
  }
  return undefined;
}

/** Splits, parses the server view, and checks boundaries, kinds and targets one by one. */
export function compareWithParser(text: string): number {
  const { statements } = split(text);
  const sql = statements.filter(
    (s) => s.kind !== 'meta' && s.meta === undefined && statementText(text, s) !== ';',
  );
  const view = serverView(text, statements);
  const parsed = parseSync(view).stmts ?? [];
  const bytes = byteOffsets(view);
  expect(sql.length).toBe(parsed.length);
  sql.forEach((statement, k) => {
    const raw = parsed[k]!;
    const where = `statement ${statement.index} at line ${statement.line}`;
    expect(raw.stmt_location ?? 0, where).toBe(bytes[statement.span.start]);
    if (!statement.unterminated) {
      // The parser's length stops before the `;` (for \g: before the meta-command).
      const end = statement.endedBy
        ? statements[statement.index + 1]!.span.start
        : statement.span.end - 1;
      expect((raw.stmt_location ?? 0) + (raw.stmt_len ?? 0), where).toBe(bytes[end]);
    }
    const [type, node] = Object.entries(raw.stmt as unknown as Node)[0]!;
    expect(kindOf(type, node), `${where}: ${type}`).toContain(statement.kind);
    const target = targetOf(type, node);
    expect(statement.target, `${where}: ${type}`).toEqual(
      target === undefined
        ? undefined
        : { schema: target.schemaname ?? null, name: target.relname },
    );
  });
  return sql.length;
}
