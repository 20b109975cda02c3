// Where COPY data can be cut into pieces that are each a run of whole rows: after a line break
// that ends a row. In text format a backslash makes the next character data (a line break too);
// in CSV a line break inside a quoted field is data, with PostgreSQL's quote and escape rule.
// A block whose rows end with a lone \r (no \n) has no cut here: it stays in one piece.

export interface RowFormat {
  format: 'text' | 'csv';
  quote: string;
  escape: string;
}

export interface RowEnds {
  /** Offset just after the last row end found (0 when no row ends in the text). */
  end: number;
  /** Rows that end before `end`. */
  rows: number;
}

const LF = 10;
const BACKSLASH = 92;

/** The whole rows at the start of `data` (at most `maxRows` of them); `data` starts a row. */
export function copyRowEnds(data: string, format: RowFormat, maxRows = Infinity): RowEnds {
  let end = 0;
  let rows = 0;
  const n = data.length;
  if (format.format === 'text') {
    for (let i = 0; i < n && rows < maxRows; i++) {
      const c = data.charCodeAt(i);
      if (c === BACKSLASH) i++;
      else if (c === LF) {
        end = i + 1;
        rows++;
      }
    }
    return { end, rows };
  }
  const quote = format.quote.charCodeAt(0);
  // An escape equal to the quote is no escape at all: the doubled quote just toggles twice.
  const escapeChar = format.escape === format.quote ? -1 : format.escape.charCodeAt(0);
  let inQuote = false;
  let lastWasEscape = false;
  for (let i = 0; i < n && rows < maxRows; i++) {
    const c = data.charCodeAt(i);
    if (inQuote && c === escapeChar) lastWasEscape = !lastWasEscape;
    if (c === quote && !lastWasEscape) inQuote = !inQuote;
    if (c !== escapeChar) lastWasEscape = false;
    if (c === LF && !inQuote) {
      end = i + 1;
      rows++;
    }
  }
  return { end, rows };
}
