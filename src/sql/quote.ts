// The one place where names and values become SQL text. Output matches PostgreSQL's own
// quote_ident() and quote_literal(), so what we print is what psql users already recognise.

import type { QualifiedName } from '../model/catalog.js';
import { isQuotedKeyword } from './keywords.js';

// quote_ident leaves a name bare only when it is plain ASCII lowercase: `$` is legal in a bare
// identifier but quote_ident still quotes it, and anything non-ASCII is quoted too.
const bareIdentifier = /^[a-z_][a-z0-9_]*$/;

function rejectNul(text: string, what: string): void {
  // PostgreSQL text cannot hold NUL; the server would reject the statement anyway.
  if (text.includes('\0')) throw new RangeError(`${what} contains a NUL character`);
}

/** A name as an SQL identifier, double-quoted only when it has to be. */
export function quoteIdent(name: string): string {
  rejectNul(name, 'identifier');
  if (bareIdentifier.test(name) && !isQuotedKeyword(name)) return name;
  return `"${name.replaceAll('"', '""')}"`;
}

export interface QuoteQualifiedOptions {
  /**
   * Print the bare name when the schema is this one, or the first schema of this search path
   * (pass `current_schemas(false)`). Only the first entry counts: a table with the same name in
   * an earlier schema would otherwise capture the unqualified name.
   */
  omitSchema?: string | readonly string[];
}

/** `schema.name`, each part quoted as needed; the schema is kept unless the caller asks. */
export function quoteQualified(name: QualifiedName, options: QuoteQualifiedOptions = {}): string {
  const { omitSchema } = options;
  const first = typeof omitSchema === 'string' ? omitSchema : omitSchema?.[0];
  // pg_catalog is searched before the search path, so an unqualified `pg_class` would find the
  // system table, not the user's; keep the schema on anything that could collide.
  if (first !== undefined && name.schema === first && !name.name.startsWith('pg_')) {
    return quoteIdent(name.name);
  }
  return `${quoteIdent(name.schema)}.${quoteIdent(name.name)}`;
}

export type LiteralValue = string | number | bigint | boolean | null | undefined;

/**
 * A value as an SQL string literal, like quote_nullable(): `NULL` for null/undefined, `'...'`
 * with quotes doubled, and the `E'...'` form with doubled backslashes when the text has a
 * backslash, which reads the same whatever standard_conforming_strings is set to.
 */
export function quoteLiteral(value: LiteralValue): string {
  if (value === null || value === undefined) return 'NULL';
  const text = String(value);
  rejectNul(text, 'literal');
  const quoted = `'${text.replaceAll("'", "''")}'`;
  return text.includes('\\') ? `E${quoted.replaceAll('\\', '\\\\')}` : quoted;
}

/**
 * A literal with a cast, `'42'::integer`, for places where the type would otherwise be unknown
 * (VALUES lists, NULLs, function arguments). `type` is SQL text as format_type prints it
 * (`Column.type`), pasted as is apart from its type modifier: `'abcdef'::varchar(3)` silently
 * truncates to `abc`, while `'abcdef'::varchar` keeps the value, so storing it in the column
 * fails loudly as it would have without the cast.
 */
export function quoteLiteralTyped(value: LiteralValue, type: string): string {
  return `${quoteLiteral(value)}::${castTarget(type)}`;
}

/** `character varying(20)[]` → `character varying[]`; parentheses inside quoted names stay. */
function castTarget(type: string): string {
  let out = '';
  let quoted = false;
  let depth = 0;
  for (const ch of type) {
    if (ch === '"') quoted = !quoted;
    if (!quoted && ch === '(') depth++;
    if (depth === 0) out += ch;
    if (!quoted && ch === ')' && depth > 0) depth--;
  }
  // `timestamp(3) with time zone` leaves a double space behind.
  const bare = out.replace(/ {2,}/g, ' ').trim();
  // Without a length, `character` and `bit` mean length 1, which would truncate again; their
  // unlimited-length relatives keep the value whole.
  const arrays = /(\[\])*$/.exec(bare)?.[0] ?? '';
  const base = bare.slice(0, bare.length - arrays.length);
  if (base === 'character') return `bpchar${arrays}`;
  if (base === 'bit') return `bit varying${arrays}`;
  return bare;
}

/**
 * `-- text`: a line comment. Names and file names may hold line breaks, which would end the
 * comment and turn the rest into SQL; they become spaces.
 */
export function lineComment(text: string): string {
  return `-- ${text.replace(/[\r\n]/g, ' ')}`;
}
