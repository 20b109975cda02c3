// Offsets to 1-based line numbers in a script, by binary search over its line starts.

export interface LineIndex {
  lineAt(offset: number): number;
}

export function lineIndex(text: string): LineIndex {
  const starts: number[] = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return {
    lineAt(offset) {
      let low = 0;
      let high = starts.length - 1;
      while (low < high) {
        const mid = (low + high + 1) >> 1;
        if (starts[mid]! <= offset) low = mid;
        else high = mid - 1;
      }
      return low + 1;
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
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return this.lines[low] ?? 1;
  }
}
