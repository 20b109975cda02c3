// The part of `fkdoctor fix`'s summary about parents no statement of the script inserts: each
// such row (file:line, table, key, constraint) with the options when none was chosen; the
// placeholder parents or quarantined rows when one was; what an option refused, and what the
// sandbox run of the result still found wrong.

import type { FixResult } from '../doctor/script/fix-script.js';
import type { QualifiedName } from '../model/catalog.js';
import { quoteIdent, quoteLiteral, quoteQualified } from '../sql/quote.js';
import type { Style } from './style.js';

/** Rows listed one by one; past that, a count. */
const listed = 50;

const name = (table: QualifiedName) => quoteQualified(table, { omitSchema: 'public' });
const key = (table: QualifiedName, columns: readonly string[], values: readonly string[]) =>
  `${name(table)} (${columns.map(quoteIdent).join(', ')}) = (${values.join(', ')})`;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function capped<T>(items: readonly T[], line: (item: T) => string, style: Style): string[] {
  const out = items.slice(0, listed).map(line);
  if (items.length > listed) out.push(style.dim(`  … and ${items.length - listed} more`));
  return out;
}

export function missingParentLines(result: FixResult, file: string, style: Style): string[] {
  const out: string[] = [];
  const mode = result.missingParentsMode;
  if (mode === 'report' && result.missingParentRows.length > 0) {
    out.push(
      ...capped(
        result.missingParentRows,
        (row) =>
          row.parentRow
            ? `${style.red('✖')} ${file}:${row.line} ${key(row.table, row.columns, row.key)}: ${key(row.parentTable, row.parentColumns, row.key)} is inserted at ${file}:${row.parentRow.line}, yet is not there (ON CONFLICT DO NOTHING skipped it, or its statement failed) ("${row.constraint}"); reordering cannot fix it`
            : `${style.red('✖')} ${file}:${row.line} ${key(row.table, row.columns, row.key)}: no statement inserts ${key(row.parentTable, row.parentColumns, row.key)} ("${row.constraint}"); reordering cannot fix it`,
        style,
      ),
      style.dim(
        '  options: --missing-parents placeholder (insert stand-in parents, ON CONFLICT DO NOTHING before the first row that needs them)',
      ),
      style.dim(
        '           --missing-parents quarantine (move these rows, and the rows that reference them, to a file: nothing is lost)',
      ),
      style.dim(
        '           --missing-parents map --db URL (give each row the key of a parent that exists there, found by a natural key)',
      ),
    );
  }
  out.push(
    ...capped(
      result.mapped,
      (row) =>
        `${style.cyan('mapped')} ${file}:${row.line} ${key(row.table, row.columns, row.key)} → (${row.newKey.join(', ')}): ${style.dim(
          `the existing ${name(row.parentTable)} row with ${row.naturalColumns
            .map((c, i) => `${quoteIdent(c)} = ${quoteLiteral(row.naturalValues[i])}`)
            .join(
              ' and ',
            )} (read from ${row.from.kind === 'child' ? 'the row itself' : `the script's ${name(row.parentTable)} row at ${file}:${row.from.line}`}; ${row.constraint})`,
        )}`,
      style,
    ),
  );
  for (const insert of result.placeholders) {
    out.push(
      `${style.cyan('placeholder')} ${plural(insert.keys.length, 'parent')} in ${name(insert.table)} before ${file}:${result.statements[insert.before]!.line} ${style.dim(`(${insert.constraints.join(', ')})`)}`,
      ...capped(
        insert.keys,
        (values) => style.dim(`      ${key(insert.table, insert.keyColumns, values)}`),
        style,
      ),
    );
  }
  const quarantined = result.quarantine?.rows ?? [];
  out.push(
    ...capped(
      [...quarantined].sort((a, b) => a.line - b.line),
      (row) =>
        `${style.cyan('quarantined')} ${file}:${row.line} ${key(row.table, row.columns, row.key)}: ${style.dim(
          row.parentRow
            ? `references a quarantined row (${file}:${row.parentRow.line}, ${row.constraint})`
            : `${key(row.parentTable, row.parentColumns, row.key)} is inserted nowhere (${row.constraint})`,
        )}`,
      style,
    ),
  );
  const descendants = quarantined.filter((r) => r.parentRow !== null).length;
  if (descendants > 0) {
    out.push(
      style.dim(
        `      ${plural(descendants, 'row')} quarantined because they reference quarantined rows (they would fail in turn)`,
      ),
    );
  }
  for (const refusal of result.refused) {
    if (refusal.option === 'map') {
      // Each row has its own reason (its natural key value, or why there is none).
      for (const place of refusal.places) {
        out.push(
          `${style.red('✖')} ${file}:${place.line}${place.rowNumber === null ? '' : ` row ${place.rowNumber}`} not mapped to an existing ${name(refusal.table)} row: ${refusal.reason}`,
        );
      }
      continue;
    }
    const places = refusal.places.map((p) => `${file}:${p.line}`);
    const where = places.length > 3 ? `${places.slice(0, 3).join(', ')}, …` : places.join(', ');
    out.push(
      `${style.red('✖')} no ${refusal.option} for ${name(refusal.table)}: ${refusal.reason} ${style.dim(`(${where})`)}`,
    );
  }
  for (const { failure, place } of result.newFailures) {
    const where = place ? `${file}:${place.line}` : 'a statement fkdoctor added';
    out.push(
      `${style.red('✖')} ${where} now fails in the sandbox: ${failure.message.split('\n', 1)[0]}`,
    );
  }
  if (result.exhausted) {
    out.push(
      `${style.red('✖')} after ${plural(result.rounds, 'sandbox run')} fkdoctor still finds rows whose parent is missing; it stops there`,
    );
  }
  return out;
}
