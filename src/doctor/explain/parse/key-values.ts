// Splits the `Key (a, b)=(1, x)` lists of a DETAIL line. The server joins column names and
// values with ", " and does not quote either, so a value that itself contains ", " makes the
// split ambiguous: every possible grouping is returned and the caller resolves it (catalog
// types, or a look in the live database).

export interface KeySplit {
  columns: string[];
  /** The most likely grouping of values (first alternative). */
  values: string[];
  /** All groupings that fit the number of columns; more than one means ambiguous. */
  alternatives: string[][];
}

/** Every way to join `parts` back into `count` consecutive groups, joined by ", ". */
function groupings(parts: string[], count: number, limit = 64): string[][] {
  const out: string[][] = [];
  const walk = (start: number, left: number, acc: string[]) => {
    if (out.length >= limit) return;
    if (left === 1) {
      out.push([...acc, parts.slice(start).join(', ')]);
      return;
    }
    for (let end = start + 1; end <= parts.length - left + 1; end++) {
      walk(end, left - 1, [...acc, parts.slice(start, end).join(', ')]);
    }
  };
  walk(0, count, []);
  return out;
}

export function splitKey(columnsText: string, valuesText: string): KeySplit {
  const columns = columnsText.split(', ');
  if (columns.length === 1) return { columns, values: [valuesText], alternatives: [[valuesText]] };
  const parts = valuesText.split(', ');
  if (parts.length < columns.length) {
    // Fewer values than columns cannot come from the server; keep the text whole.
    return { columns, values: parts, alternatives: [parts] };
  }
  const alternatives = groupings(parts, columns.length);
  return { columns, values: alternatives[0]!, alternatives };
}
