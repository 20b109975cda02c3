// parseForeignKeyViolation: any input users have (text, or an error object) → Violation.

import type { Violation } from '../../../model/violation.js';
import messages from '../messages.generated.json' with { type: 'json' };
import { reportFromObject } from './from-object.js';
import { scanText } from './from-text.js';
import { createTemplateSet, type TemplateSet } from './template-set.js';
import type { Translations } from './templates.js';
import { violationFromReport } from './violation.js';

let shared: TemplateSet | null = null;

/** The templates of every language the server's catalogs have, compiled once. */
export function templateSet(): TemplateSet {
  shared ??= createTemplateSet((messages as { languages: Translations }).languages);
  return shared;
}

function parseText(text: string, templates: TemplateSet): Violation | null {
  const scan = scanText(text, templates);
  return scan ? violationFromReport(scan.report, templates, scan.occurrences) : null;
}

/**
 * Reads a foreign-key violation from an error object (node-postgres, PGlite, postgres.js,
 * ORM wrappers; structured fields first) or from text in any form the server, psql, a log or
 * a driver prints it. Returns null when the input is not an FK violation.
 */
export function parseForeignKeyViolation(input: unknown): Violation | null {
  const templates = templateSet();
  if (typeof input === 'string') return parseText(input, templates);
  const report = reportFromObject(input);
  const fromFields = report ? violationFromReport(report, templates) : null;
  if (fromFields) return fromFields;
  // Errors that keep the server's text only in their message or stack (psycopg-style wrappers).
  if (input instanceof Error) return parseText(`${input.message}\n${input.stack ?? ''}`, templates);
  return null;
}
