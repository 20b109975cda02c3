// A COPY statement's inline data as the sandbox uses it: the rows to send (without psql's `\.`
// end line), and the server's "line N" of an error in them, so that it can be shown as a line
// of the script. Where each row starts is readCopyRows' (sql/rows/copy-data.ts).

import type { CopyData } from '../../model/script.js';

/** The data rows of the block, without the `\.` line that ends it. */
export function copyPayload(text: string, copy: CopyData): string {
  if (copy.terminator) return text.slice(copy.span.start, copy.terminator.start);
  const data = text.slice(copy.span.start, copy.span.end);
  const end = endMarker(data);
  return end === null ? data : data.slice(0, end);
}

/** Offset in `data` of a final line that is exactly `\.`, or null. */
function endMarker(data: string): number | null {
  const trimmed = data.replace(/\r?\n$/, '');
  if (!trimmed.endsWith('\\.')) return null;
  const lineStart = trimmed.lastIndexOf('\n', trimmed.length - 3) + 1;
  return trimmed.slice(lineStart).replace(/\r$/, '') === '\\.' ? lineStart : null;
}

/**
 * The server's `COPY t, line N` context (`Zeile N`, `ligne N`... in translated messages): N, or
 * null when the error has none.
 */
export function copyLineOf(where: string | null): number | null {
  const match = where ? /^COPY .*?, [^\s\d,]+ (\d+)(?:,|$)/m.exec(where) : null;
  return match ? Number(match[1]) : null;
}
