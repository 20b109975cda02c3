// What a column's default evaluates to, when that can be known without running it: a constant
// as pg_get_expr prints one (`42`, `1.5`, `true`, `'-1'::integer`, `'ok'::app.mood`,
// `'ab'::character varying`). Anything with a function call or an operator (`now()`,
// `nextval(...)`, `(1 + 2)`) is not evaluated.

import type { Column } from '../../model/catalog.js';

export type DefaultValue =
  /** No default, or none that yields a value: the column gets NULL. */
  | { kind: 'null' }
  /** A constant; `sql` is the server's own text for it, safe to put back in a statement. */
  | { kind: 'constant'; sql: string }
  /** An expression (a function call, an operator, a sequence, an identity or generated column). */
  | { kind: 'expression'; sql: string };

// A string literal with '' for quotes, then one or more casts to a type name: plain or quoted
// words and dots, with an optional numeric typmod and array brackets.
const typeName = String.raw`(?:[A-Za-z_][A-Za-z0-9_$]*|"(?:[^"]|"")+")(?:\.(?:[A-Za-z_][A-Za-z0-9_$]*|"(?:[^"]|"")+"))*`;
const cast = String.raw`::${typeName}(?: ${typeName})*(?:\(\d+(?:,\s*\d+)?\))?(?: ${typeName})*(?:\[\])*`;
const constantPattern = new RegExp(
  String.raw`^(?:-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|'(?:[^']|'')*'(?:${cast})+|NULL(?:${cast})+)$`,
);
const nullPattern = new RegExp(`^NULL(?:${cast})*$`);

export function defaultValue(column: Column): DefaultValue {
  if (column.identity !== null || column.generated !== null) {
    return { kind: 'expression', sql: column.default ?? '' };
  }
  if (column.default === null) return { kind: 'null' };
  const text = column.default.trim();
  if (nullPattern.test(text)) return { kind: 'null' };
  if (constantPattern.test(text)) return { kind: 'constant', sql: text };
  return { kind: 'expression', sql: text };
}
