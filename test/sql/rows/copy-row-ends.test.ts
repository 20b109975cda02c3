// copyRowEnds: where COPY data may be cut so that every piece is a run of whole rows.

import { describe, expect, it } from 'vitest';
import { readCopyRows } from '../../../src/sql/rows/copy-data.js';
import { copyRowEnds, type RowFormat } from '../../../src/sql/rows/copy-row-ends.js';

const text: RowFormat = { format: 'text', quote: '"', escape: '"' };
const csv: RowFormat = { format: 'csv', quote: '"', escape: '"' };

describe('copyRowEnds', () => {
  it('cuts text data after the last row end, not after an escaped line break', () => {
    const data = '1\ta\n2\tb\\\nstill row 2\n3\tpartial';
    expect(copyRowEnds(data, text)).toEqual({ end: data.indexOf('3'), rows: 2 });
    // An escaped backslash does not escape the line break after it.
    expect(copyRowEnds('1\ta\\\\\n2', text)).toEqual({ end: 6, rows: 1 });
  });

  it('cuts CSV data only at a line break outside quotes', () => {
    const data = '1,"two\nlines"\n2,"a ""quoted"" word\nand more"\n3,"open\n';
    expect(copyRowEnds(data, csv)).toEqual({ end: data.indexOf('3'), rows: 2 });
  });

  it('reads a distinct ESCAPE as the server does', () => {
    const format: RowFormat = { format: 'csv', quote: '"', escape: '\\' };
    const data = '1,"a \\" still quoted\n"\n2,"b"\n';
    expect(copyRowEnds(data, format)).toEqual({ end: data.length, rows: 2 });
  });

  it('stops after maxRows rows', () => {
    expect(copyRowEnds('h1,h2\n1,2\n3,4\n', csv, 1)).toEqual({ end: 6, rows: 1 });
  });

  it('agrees with the row reader on where each row starts', () => {
    const data = 'id,note\n1,"x\ny"\n2,plain\n3,"z ""q""\n\nw"\n';
    const starts = [
      ...readCopyRows(data, {
        span: { start: 0, end: data.length },
        line: 1,
        format: 'csv',
        delimiter: ',',
        nullString: '',
        header: false,
        quote: '"',
        escape: '"',
      }),
    ].map((row) => row.span.start);
    const ends: number[] = [];
    for (let rows = 1; rows <= starts.length; rows++) ends.push(copyRowEnds(data, csv, rows).end);
    expect(ends).toEqual([...starts.slice(1), data.length]);
  });
});
