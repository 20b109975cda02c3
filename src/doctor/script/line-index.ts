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
