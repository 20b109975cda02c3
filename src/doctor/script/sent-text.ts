// A statement as psql sends it: its span without the parts psql keeps to itself (meta-command
// lines inside it, the backslash of `\;` and `\:`), with a way back from the text sent to the
// script, so that an error position or a VALUES row still points at the right line.

import type { ScriptStatement } from '../../model/script.js';

export interface SentText {
  sql: string;
  /** Offset in `sql` → offset in the script. */
  toScript(offset: number): number;
  /** Offsets in `sql` of colons written `\:`: psql does not read a variable there. */
  escapedColons: Set<number>;
}

export function sentText(text: string, statement: ScriptStatement): SentText {
  const { span } = statement;
  const excluded = [...(statement.excluded ?? [])].sort((a, b) => a.start - b.start);
  // Kept pieces: where each starts in the script and in `sql`.
  const pieces: { script: number; sent: number }[] = [];
  const escapedColons = new Set<number>();
  let sql = '';
  let at = span.start;
  for (const part of [...excluded, { start: span.end, end: span.end }]) {
    if (part.start > at) {
      pieces.push({ script: at, sent: sql.length });
      sql += text.slice(at, part.start);
    }
    at = Math.max(at, part.end);
    const isEscape = part.end - part.start === 1 && text[part.start] === '\\';
    if (isEscape && text[part.end] === ':') escapedColons.add(sql.length);
  }
  return {
    sql,
    escapedColons,
    toScript(offset) {
      let piece = pieces[0];
      for (const candidate of pieces) {
        if (candidate.sent > offset) break;
        piece = candidate;
      }
      return piece ? piece.script + (offset - piece.sent) : span.start + offset;
    },
  };
}
