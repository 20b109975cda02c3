// Offsets to 1-based line numbers in a script, by binary search over its line starts.

import { lastAtOrBefore } from '../../model/last-at-or-before.js';

export interface LineIndex {
  lineAt(offset: number): number;
}

export function lineIndex(text: string): LineIndex {
  const starts: number[] = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return {
    lineAt(offset) {
      return lastAtOrBefore(starts.length, (i) => starts[i]!, offset) + 1;
    },
  };
}

/**
 * The line index of a text laid together from pieces of a script that need not touch (a streamed
 * batch): each piece brings the script line it starts on.
 */
export class PieceLines implements LineIndex {
  private readonly starts: number[] = [];
  private readonly lines: number[] = [];

  /** The piece at `offset` of the laid-out text starts on script line `line`. */
  add(offset: number, text: string, line: number): void {
    this.starts.push(offset);
    this.lines.push(line);
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
      this.starts.push(offset + i + 1);
      this.lines.push(++line);
    }
  }

  lineAt(offset: number): number {
    const { starts } = this;
    return this.lines[lastAtOrBefore(starts.length, (i) => starts[i]!, offset)] ?? 1;
  }
}
