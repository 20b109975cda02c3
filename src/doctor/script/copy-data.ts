// A COPY statement's inline data as the sandbox uses it: the rows to send (without psql's `\.`
// end line), and where each row starts, so that a row number or the server's "line N" can be
// shown as a line of the script.

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
 * Start offsets (into the script text) of each line the server counts in the block: one per
 * row, plus the header line when there is one. A text-format row goes on past a newline escaped
 * with a backslash; a CSV row past newlines inside quotes.
 */
export function copyLineStarts(text: string, copy: CopyData): number[] {
  const payload = copyPayload(text, copy);
  const base = copy.span.start;
  const starts: number[] = [];
  let i = 0;
  while (i < payload.length) {
    starts.push(base + i);
    i = copy.format === 'csv' ? csvLineEnd(payload, i, copy) : textLineEnd(payload, i);
  }
  return starts;
}

function textLineEnd(data: string, from: number): number {
  let i = from;
  while (i < data.length) {
    const c = data[i];
    if (c === '\\') i += 2;
    else if (c === '\n') return i + 1;
    else i++;
  }
  return data.length;
}

function csvLineEnd(data: string, from: number, copy: CopyData): number {
  let i = from;
  let quoted = false;
  while (i < data.length) {
    const c = data[i]!;
    if (quoted) {
      if (c === copy.escape && copy.escape !== copy.quote && i + 1 < data.length) {
        const next = data[i + 1];
        if (next === copy.quote || next === copy.escape) {
          i += 2;
          continue;
        }
      }
      if (c === copy.quote) {
        if (copy.escape === copy.quote && data[i + 1] === copy.quote) {
          i += 2;
          continue;
        }
        quoted = false;
      }
      i++;
    } else if (c === copy.quote) {
      quoted = true;
      i++;
    } else if (c === '\n') {
      return i + 1;
    } else {
      i++;
    }
  }
  return data.length;
}

/**
 * The server's `COPY t, line N` context (`Zeile N`, `ligne N`... in translated messages): N, or
 * null when the error has none.
 */
export function copyLineOf(where: string | null): number | null {
  const match = where ? /^COPY .*?, [^\s\d,]+ (\d+)(?:,|$)/m.exec(where) : null;
  return match ? Number(match[1]) : null;
}
