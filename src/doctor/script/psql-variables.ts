// psql variables as a script run by `psql -f` sees them: `\set` stores text, and SQL outside
// quotes and comments gets `:name` (the value as is), `:'name'` (as a string literal) and
// `:"name"` (as an identifier). An unknown name is left as written, as psql does.
//
// Not emulated: a value is inserted once, without expanding variables inside it again (psql
// re-reads it, so a value holding `:other` or an unbalanced quote behaves differently there).

import { isPsqlVariableChar, tokenize } from '../../sql/tokenize.js';

export type PsqlVariables = Map<string, string>;

export interface Substituted {
  sql: string;
  /** Names substituted, in order of appearance. */
  names: string[];
  /** Maps an offset in `sql` back to the offset in the text before substitution. */
  toSource(offset: number): number;
}

/** psql's PQescapeLiteral: `'...'`, or ` E'...'` (with its leading space) when there is a backslash. */
export function psqlLiteral(value: string): string {
  const quoted = `'${value.replaceAll("'", "''")}'`;
  return value.includes('\\') ? ` E${quoted.replaceAll('\\', '\\\\')}` : quoted;
}

/** psql's PQescapeIdentifier: always double-quoted. */
export function psqlIdentifier(value: string): string {
  return `"${value.replaceAll('"', '""')}"`;
}

export function substituteVariables(
  sql: string,
  variables: PsqlVariables,
  options: {
    standardConformingStrings?: boolean;
    /** Offsets of colons the script wrote as `\:`, which psql leaves alone. */
    escapedColons?: ReadonlySet<number>;
  } = {},
): Substituted {
  const unchanged: Substituted = { sql, names: [], toSource: (offset) => offset };
  if (variables.size === 0 || !sql.includes(':')) return unchanged;
  const tokens = tokenize(sql, {
    psqlVariables: true,
    ...(options.standardConformingStrings === undefined
      ? {}
      : { standardConformingStrings: options.standardConformingStrings }),
  });
  let out = '';
  let from = 0;
  const names: string[] = [];
  // Each replacement's place in the output and in the source.
  const shifts: { outStart: number; outEnd: number; srcStart: number; srcEnd: number }[] = [];
  for (const token of tokens) {
    if (token.kind !== 'psql-variable' || options.escapedColons?.has(token.start)) continue;
    const raw = sql.slice(token.start, token.end);
    const quote = raw[1] === "'" || raw[1] === '"' ? raw[1] : null;
    const name = quote ? raw.slice(2, -1) : raw.slice(1);
    const value = variables.get(name);
    if (value === undefined) continue;
    const replacement =
      quote === "'" ? psqlLiteral(value) : quote === '"' ? psqlIdentifier(value) : value;
    out += sql.slice(from, token.start);
    const outStart = out.length;
    out += replacement;
    from = token.end;
    names.push(name);
    shifts.push({ outStart, outEnd: out.length, srcStart: token.start, srcEnd: token.end });
  }
  if (names.length === 0) return unchanged;
  out += sql.slice(from);
  return {
    sql: out,
    names,
    toSource(offset) {
      // Inside a replacement: where the reference was; after one: shifted by the difference.
      let last: (typeof shifts)[number] | undefined;
      for (const shift of shifts) {
        if (offset < shift.outStart) break;
        if (offset < shift.outEnd) return shift.srcStart;
        last = shift;
      }
      return last ? last.srcEnd + (offset - last.outEnd) : offset;
    },
  };
}

export type SetCommand =
  | { kind: 'set'; name: string; value: string }
  | { kind: 'list' }
  | { kind: 'invalid'; reason: string };

/**
 * Reads the arguments of `\set` the way psql does: the first is the name, the rest are joined
 * without spaces; `'...'` takes psql's escapes (`''`, `\n`, `\t`, octal, hex), `"..."` keeps its
 * quotes, and `:name`, `:'name'`, `:"name"` take values already set. Backquotes would run a
 * shell command: refused.
 */
export function readSetArguments(args: string, variables: PsqlVariables): SetCommand {
  const parts = splitArguments(args, variables);
  if (typeof parts === 'string') return { kind: 'invalid', reason: parts };
  if (parts.length === 0) return { kind: 'list' };
  const [name, ...rest] = parts;
  if (![...name!].every(isPsqlVariableChar)) {
    return { kind: 'invalid', reason: `invalid variable name: "${name}"` };
  }
  return { kind: 'set', name: name!, value: rest.join('') };
}

/** The arguments of a meta-command line, or why they cannot be read. */
export function splitArguments(args: string, variables: PsqlVariables): string[] | string {
  const out: string[] = [];
  let i = 0;
  while (i < args.length) {
    while (i < args.length && /\s/.test(args[i]!)) i++;
    if (i >= args.length) break;
    // `\\` ends the meta-command; what follows is SQL that fkdoctor does not run from here.
    if (args.startsWith('\\\\', i)) break;
    let arg = '';
    while (i < args.length && !/\s/.test(args[i]!)) {
      const c = args[i]!;
      if (c === "'") {
        const read = singleQuoted(args, i);
        arg += read.value;
        i = read.end;
      } else if (c === '"') {
        const close = args.indexOf('"', i + 1);
        const end = close === -1 ? args.length : close + 1;
        arg += args.slice(i, end);
        i = end;
      } else if (c === '`') {
        return 'a backquoted shell command is not run';
      } else if (c === ':') {
        const read = interpolation(args, i, variables);
        arg += read.value;
        i = read.end;
      } else {
        arg += c;
        i++;
      }
    }
    out.push(arg);
  }
  return out;
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', b: '\b', r: '\r', f: '\f' };

function singleQuoted(args: string, open: number): { value: string; end: number } {
  let value = '';
  let i = open + 1;
  while (i < args.length) {
    const c = args[i]!;
    if (c === "'") {
      if (args[i + 1] === "'") {
        value += "'";
        i += 2;
        continue;
      }
      return { value, end: i + 1 };
    }
    if (c === '\\' && i + 1 < args.length) {
      const next = args[i + 1]!;
      const octal = /^[0-7]{1,3}/.exec(args.slice(i + 1, i + 4));
      const hex = /^x([0-9A-Fa-f]{1,2})/.exec(args.slice(i + 1, i + 4));
      if (octal) {
        value += String.fromCharCode(Number.parseInt(octal[0], 8));
        i += 1 + octal[0].length;
      } else if (hex) {
        value += String.fromCharCode(Number.parseInt(hex[1]!, 16));
        i += 1 + hex[0].length;
      } else {
        value += ESCAPES[next] ?? next;
        i += 2;
      }
      continue;
    }
    value += c;
    i++;
  }
  return { value, end: args.length };
}

function interpolation(
  args: string,
  colon: number,
  variables: PsqlVariables,
): { value: string; end: number } {
  const quote = args[colon + 1] === "'" || args[colon + 1] === '"' ? args[colon + 1]! : null;
  let j = colon + (quote ? 2 : 1);
  const start = j;
  while (j < args.length && isPsqlVariableChar(args[j]!)) j++;
  const name = args.slice(start, j);
  const closed = quote === null || args[j] === quote;
  const value = name === '' || !closed ? undefined : variables.get(name);
  if (value === undefined) return { value: ':', end: colon + 1 };
  if (quote === "'") return { value: psqlLiteral(value), end: j + 1 };
  if (quote === '"') return { value: psqlIdentifier(value), end: j + 1 };
  return { value, end: j };
}

/**
 * A result value as `\gset` stores it: psql takes the server's text; the engines hand back
 * values already parsed, so the usual ones are turned back (booleans as `t`/`f`). Null for SQL
 * NULL (psql then unsets the variable); undefined for a value whose text cannot be told
 * (dates, JSON), which is not set.
 */
export function gsetText(value: unknown): string | null | undefined {
  if (value === null) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? 't' : 'f';
  return undefined;
}
