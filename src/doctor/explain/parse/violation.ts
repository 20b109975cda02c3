// Interprets a report's wording: which of the server's FK messages it is (in which language),
// which direction, which tables, which key.

import type { Violation, ViolationKind } from '../../../model/violation.js';
import { splitKey } from './key-values.js';
import type { MessageName } from './message-ids.js';
import type { ErrorReport } from './report.js';
import type { TemplateSet } from './template-set.js';
import type { TemplateMatch } from './templates.js';

const kindByMessage: Partial<Record<MessageName, ViolationKind>> = {
  childSide: 'missing-parent',
  parentSide: 'still-referenced',
  restrict: 'restrict',
  partitionDetach: 'partition-detach',
  keyNotPresent: 'missing-parent',
  hiddenNotPresent: 'missing-parent',
  keyStillReferenced: 'still-referenced',
  hiddenStillReferenced: 'still-referenced',
  keyReferenced: 'restrict',
  hiddenReferenced: 'restrict',
};

function find(templates: TemplateSet, text: string | null, primary: boolean): TemplateMatch | null {
  if (!text) return null;
  return primary ? templates.firstPrimary(text, 0) : templates.firstDetail(text, 0);
}

function matchedText(text: string, match: TemplateMatch): string {
  return text.slice(match.index, match.index + match.length);
}

/** Null when the report is not recognisably a foreign-key violation. */
export function violationFromReport(
  report: ErrorReport,
  templates: TemplateSet,
  occurrences = 1,
): Violation | null {
  const message = find(templates, report.message, true);
  // A message-only source (csvlog, objects) may also carry the DETAIL inside the message text.
  const detail = find(templates, report.detail, false) ?? find(templates, report.message, false);
  const notes: string[] = [];

  let kind: ViolationKind | undefined;
  if (detail?.template.name === 'matchFull') kind = 'match-full';
  else if (message?.template.name === 'partitionDetach') kind = 'partition-detach';
  else kind = kindByMessage[message?.template.name ?? detail?.template.name ?? 'matchFull'];
  if (!kind && report.kindHint) {
    kind = report.kindHint.kind;
    if (report.kindHint.note) notes.push(report.kindHint.note);
  }
  if (!kind && report.sqlstate === '23001') kind = 'restrict';
  if (!kind && report.sqlstate === '23503') {
    kind = 'missing-parent';
    notes.push(
      'The input names the constraint but not the direction; assumed a child row without its parent.',
    );
  }
  if (!kind) return null;

  let table: string | null = null;
  let referencedTable: string | null = null;
  let constraint = report.constraint;
  if (message) {
    const [first, name, on] = message.args;
    constraint ??= name ?? null;
    if (kind === 'missing-parent' || kind === 'match-full') table = first ?? null;
    else if (kind === 'partition-detach') referencedTable = first ?? null;
    else {
      referencedTable = first ?? null;
      table = on ?? null;
    }
  }
  let keyColumns: string[] = [];
  let keyValues: string[] = [];
  let keyAlternatives: string[][] = [];
  if (detail && detail.template.name !== 'matchFull') {
    const detailTable = detail.args[detail.args.length - 1] ?? null;
    if (detail.template.name.startsWith('key')) {
      const split = splitKey(detail.args[0] ?? '', detail.args[1] ?? '');
      keyColumns = split.columns;
      keyValues = split.values;
      if (split.alternatives.length > 1) {
        keyAlternatives = split.alternatives;
        notes.push(
          `The key values contain ", " so the text alone cannot tell how they split across (${split.columns.join(', ')}); ${split.alternatives.length} readings are possible.`,
        );
      }
    }
    if (kind === 'missing-parent') referencedTable = detailTable;
    else table ??= detailTable;
  }
  // The server's own field names the referencing table; trust it over the wording.
  table = report.table ?? table;
  if (!message && report.kindHint?.model) {
    // Prisma's model is the table the operation wrote: the child on create, the parent on delete.
    if (kind === 'still-referenced') referencedTable ??= report.kindHint.model;
    else table ??= report.kindHint.model;
  }
  const keyHidden = keyColumns.length === 0 && kind !== 'match-full';
  if (keyHidden && detail) {
    notes.push(
      kind === 'missing-parent'
        ? 'The server withheld the key: the session may not SELECT those columns of the referencing table, or row-level security is enabled on it.'
        : 'The server withheld the key: the session may not SELECT those columns of the referenced table, or row-level security is enabled on it.',
    );
  }

  const language = message?.template.language ?? detail?.template.language ?? 'en';
  return {
    kind,
    sqlstate: report.sqlstate === '23001' || kind === 'restrict' ? '23001' : '23503',
    constraint,
    table,
    schema: report.schema,
    referencedTable,
    keyColumns,
    keyValues,
    keyAlternatives,
    keyHidden,
    language,
    message:
      message && report.message ? matchedText(report.message, message) : (report.message ?? ''),
    detail: detail
      ? matchedText(
          report.detail && find(templates, report.detail, false)
            ? report.detail
            : (report.message ?? ''),
          detail,
        )
      : report.detail,
    statement: report.statement,
    scriptLocation: report.scriptLocation,
    format: report.format,
    occurrences,
    notes,
  };
}
