// A COPY data block's description for tests that build the block by hand, with the options COPY
// takes when the statement names none (text format; CSV's own when `format: 'csv'`).

import type { CopyData, Span } from '../../src/model/script.js';

export type CopyOptions = Partial<Omit<CopyData, 'span' | 'line'>>;

export function copyDataOf(span: Span, line: number, options: CopyOptions = {}): CopyData {
  const csv = options.format === 'csv';
  return {
    span,
    line,
    format: 'text',
    delimiter: csv ? ',' : '\t',
    nullString: csv ? '' : '\\N',
    header: false,
    quote: '"',
    escape: options.quote ?? '"',
    ...options,
  };
}
