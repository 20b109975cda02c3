// fix --map-by SPEC: `[schema.]table.col[,col]`, optionally `=[schema.]table.col[,col]` (the
// child's columns holding the parent's natural key). Names as SQL reads them: folded to lower
// case unless double-quoted. Parsed here; checked against the schema by the doctor.

import type { MapBy, NamedTable } from '../doctor/script/missing/natural-key.js';
import { CliError } from './exit-codes.js';

/**
 * `[schema.]table.col[,col]`: the table and its columns, names as SQL reads them (folded to
 * lower case unless double-quoted, `""` for a quote inside).
 */
function parseColumnsOf(text: string, spec: string): { table: NamedTable; columns: string[] } {
  const parts: string[][] = [[]];
  let at = 0;
  const fail = () =>
    new CliError(
      `--map-by "${spec}": expected TABLE.COLUMN[,COLUMN] or SCHEMA.TABLE.COLUMN, optionally =CHILD_TABLE.COLUMN[,COLUMN]`,
    );
  while (at < text.length) {
    let name: string;
    if (text[at] === '"') {
      let end = at + 1;
      name = '';
      for (;;) {
        const quote = text.indexOf('"', end);
        if (quote < 0) throw fail();
        name += text.slice(end, quote);
        if (text[quote + 1] === '"') {
          name += '"';
          end = quote + 2;
          continue;
        }
        at = quote + 1;
        break;
      }
    } else {
      const end = text.slice(at).search(/[.,]/);
      name = (end < 0 ? text.slice(at) : text.slice(at, at + end)).trim().toLowerCase();
      at = end < 0 ? text.length : at + end;
    }
    if (name === '') throw fail();
    parts[parts.length - 1]!.push(name);
    if (at >= text.length) break;
    if (text[at] === '.') parts.push([]);
    else if (text[at] !== ',') throw fail();
    at++;
  }
  const columns = parts.pop()!;
  const names = parts.map((p) => (p.length === 1 ? p[0]! : null));
  if (names.includes(null) || names.length < 1 || names.length > 2 || columns.length === 0)
    throw fail();
  const [schema, name] = names.length === 2 ? names : [null, names[0]];
  return { table: { schema: schema ?? null, name: name! }, columns };
}

export function parseMapBy(spec: string): MapBy {
  const equals = spec.split('=');
  // An = inside a quoted name is possible but not worth the confusion: one = only.
  if (equals.length > 2) {
    throw new CliError(`--map-by "${spec}": one = at most (PARENT.COLS=CHILD.COLS)`);
  }
  const parent = parseColumnsOf(equals[0]!, spec);
  const child = equals[1] === undefined ? undefined : parseColumnsOf(equals[1], spec);
  return {
    parent: parent.table,
    columns: parent.columns,
    ...(child ? { child: { table: child.table, columns: child.columns } } : {}),
  };
}
