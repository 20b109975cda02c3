// A stand-in splitter for these tests until src/sql/split lands: statements end at a `;` outside
// quotes and comments, a line starting with `\` is a meta-command, and COPY ... FROM STDIN takes
// the lines after it up to `\.` as its data. Just enough for the scripts written here.

import type { CopyData, ScriptStatement, StatementKind } from '../../../src/model/script.js';
import { tokenize, wordOf } from '../../../src/sql/tokenize.js';

const KINDS: Record<string, StatementKind> = {
  insert: 'insert',
  update: 'update',
  delete: 'delete',
  select: 'select',
  with: 'other',
  create: 'ddl',
  alter: 'ddl',
  drop: 'ddl',
  comment: 'ddl',
  grant: 'ddl',
  revoke: 'ddl',
  set: 'set',
  reset: 'set',
  begin: 'transaction',
  start: 'transaction',
  commit: 'transaction',
  end: 'transaction',
  rollback: 'transaction',
  abort: 'transaction',
  savepoint: 'transaction',
  release: 'transaction',
  do: 'procedural',
  call: 'procedural',
};

export function statementsOf(text: string): ScriptStatement[] {
  const statements: ScriptStatement[] = [];
  const lineAt = (offset: number) => text.slice(0, offset).split('\n').length;
  let p = 0;
  let leadingStart = 0;
  while (p < text.length) {
    const skip = /^(?:\s+|--[^\n]*\n?|\/\*[\s\S]*?\*\/)*/.exec(text.slice(p))![0].length;
    p += skip;
    if (p >= text.length) break;
    const base = {
      index: statements.length,
      leading: { start: leadingStart, end: p },
      line: lineAt(p),
    };
    if (text[p] === '\\') {
      const eol = text.indexOf('\n', p);
      const end = eol === -1 ? text.length : eol;
      const line = text.slice(p, end);
      const meta = /^\\(\S*)/.exec(line)![1]!;
      const statement: ScriptStatement = {
        ...base,
        kind: 'meta',
        span: { start: p, end },
        endLine: base.line,
        meta,
      };
      p = leadingStart = end;
      if (meta === 'copy' && /\bfrom\s+p?stdin\b/i.test(line))
        p = leadingStart = withData(statement);
      statements.push(statement);
      continue;
    }
    const rest = text.slice(p);
    const tokens = tokenize(rest);
    const semicolon = tokens.find((t) => rest.slice(t.start, t.end) === ';');
    const end = p + (semicolon ? semicolon.end : rest.length);
    const sql = text.slice(p, end);
    const kind = KINDS[wordOf(rest, tokens[0]) ?? ''] ?? 'other';
    const statement: ScriptStatement = {
      ...base,
      kind,
      span: { start: p, end },
      endLine: lineAt(end),
    };
    p = leadingStart = end;
    if (/^copy\b[\s\S]*\bfrom\s+stdin\b/i.test(sql)) {
      statement.kind = 'copy';
      p = leadingStart = withData(statement);
    }
    statements.push(statement);
  }
  return statements;

  /** Gives a COPY its data block: the lines after it up to `\.`; returns where the block ends. */
  function withData(statement: ScriptStatement): number {
    const sql = text.slice(statement.span.start, statement.span.end);
    const eol = text.indexOf('\n', statement.span.end);
    const dataStart = eol === -1 ? text.length : eol + 1;
    const marker = /^\\\.[ \t]*(?:\r?\n|$)/m.exec(text.slice(dataStart));
    const dataEnd = marker ? dataStart + marker.index + marker[0].length : text.length;
    statement.copyData = copyDataOf(sql, dataStart, dataEnd, lineAt(dataStart));
    return dataEnd;
  }
}

function copyDataOf(sql: string, start: number, end: number, line: number): CopyData {
  const csv = /\bcsv\b/i.test(sql);
  return {
    span: { start, end },
    line,
    format: csv ? 'csv' : 'text',
    delimiter: csv ? ',' : '\t',
    nullString: csv ? '' : '\\N',
    header: /\bheader\b/i.test(sql),
    quote: '"',
    escape: '"',
  };
}

/** Each line one statement: for scripts this stand-in would split wrongly (backslash escapes). */
export function statementPerLine(text: string): ScriptStatement[] {
  const statements: ScriptStatement[] = [];
  let start = 0;
  for (const [i, line] of text.split('\n').entries()) {
    const meta = line.startsWith('\\') ? /^\\(\S*)/.exec(line)![1]! : undefined;
    const first = /^\w+/.exec(line)?.[0].toLowerCase() ?? '';
    statements.push({
      index: i,
      kind: meta !== undefined ? 'meta' : (KINDS[first] ?? 'other'),
      span: { start, end: start + line.length },
      leading: { start, end: start },
      line: i + 1,
      endLine: i + 1,
      ...(meta !== undefined ? { meta } : {}),
    });
    start += line.length + 1;
  }
  return statements;
}
