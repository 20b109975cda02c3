// Reads the string literals that util.inspect, console.log and stack traces print
// ('...', "...", `...`), undoing their escapes.

const simpleEscapes: Record<string, string> = {
  n: '\n',
  r: '\r',
  t: '\t',
  b: '\b',
  f: '\f',
  v: '\v',
  '0': '\0',
};

/** Decodes the literal starting at `text[start]` (a quote); returns the value and its end. */
export function readJsLiteral(text: string, start: number): { value: string; end: number } | null {
  const quote = text[start];
  if (quote !== "'" && quote !== '"' && quote !== '`') return null;
  let value = '';
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === quote) return { value, end: i + 1 };
    if (ch === '\n' && quote !== '`') return null;
    if (ch === '\\') {
      const next = text[i + 1] ?? '';
      if (next === 'u' || next === 'x') {
        const braced = next === 'u' && text[i + 2] === '{';
        const hex = braced
          ? text.slice(i + 3, text.indexOf('}', i + 3))
          : text.slice(i + 2, i + (next === 'u' ? 6 : 4));
        const code = Number.parseInt(hex, 16);
        if (!Number.isNaN(code)) {
          value += String.fromCodePoint(code);
          i += braced ? hex.length + 4 : 2 + hex.length;
          continue;
        }
      }
      value += simpleEscapes[next] ?? next;
      i += 2;
      continue;
    }
    value += ch;
    i++;
  }
  return null;
}
