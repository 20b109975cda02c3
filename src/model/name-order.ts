// The order pg_dump sorts objects in before it applies dependencies: schema name, then object
// name, each compared with strcmp() on the UTF-8 bytes.

import type { QualifiedName } from './catalog.js';

/**
 * strcmp() on UTF-8 is code point order. JavaScript's `<` compares UTF-16 code units, which
 * disagrees for characters above U+FFFF against U+E000..U+FFFF, so compare code points.
 */
export function compareCodePoints(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = a.codePointAt(i) ?? 0;
    const cb = b.codePointAt(j) ?? 0;
    if (ca !== cb) return ca < cb ? -1 : 1;
    i += ca > 0xffff ? 2 : 1;
    j += cb > 0xffff ? 2 : 1;
  }
  if (i < a.length) return 1;
  return j < b.length ? -1 : 0;
}

/** Schema first, then name, as pg_dump sorts tables. */
export function compareNames(a: QualifiedName, b: QualifiedName): number {
  return compareCodePoints(a.schema, b.schema) || compareCodePoints(a.name, b.name);
}
