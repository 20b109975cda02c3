// The parts of `COPY table [(columns)] FROM STDIN ...` that fkdoctor rewrites: the table (to
// load the same data elsewhere), the column list, and the STDIN word (PGlite reads a file).
// The statement is read by the splitter's own COPY reader (sql/split/copy-command.ts).

import type { Span } from '../model/script.js';
import { readCopy } from './split/copy-command.js';
import { statementTokens } from './split/statement-tokens.js';

export interface CopyFromStdin {
  /** The table name as written, qualified or not. */
  target: Span;
  /** The column list with its parentheses, or null when the statement has none. */
  columns: Span | null;
  /** The `STDIN` (or psql's `PSTDIN`) word. */
  source: Span;
}

/**
 * Finds the parts of a `COPY ... FROM STDIN` statement (also the text of a psql `\copy` line
 * after its backslash); null for any other statement, including `COPY (query) TO ...`.
 */
export function findCopyFromStdin(sql: string): CopyFromStdin | null {
  const view = statementTokens(sql, { first: true });
  if (!view.is(0, 'copy')) return null;
  const copy = readCopy(view, 1);
  if (copy === null || !copy.from || copy.targetSpan === null || copy.sourceSpan === null) {
    return null;
  }
  const { sourceSpan } = copy;
  const source = sql.slice(sourceSpan.start, sourceSpan.end).toLowerCase();
  if (source !== 'stdin' && source !== 'pstdin') return null;
  return { target: copy.targetSpan, columns: copy.columnsSpan, source: sourceSpan };
}

/** The statement with its STDIN source replaced by a quoted file name (PGlite's `/dev/blob`). */
export function copyFromFileInstead(sql: string, fileLiteral: string): string | null {
  const parts = findCopyFromStdin(sql);
  if (!parts) return null;
  return sql.slice(0, parts.source.start) + fileLiteral + sql.slice(parts.source.end);
}
