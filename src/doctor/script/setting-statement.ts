// Reads the statements that change a setting: SET, SET LOCAL, RESET, SET CONSTRAINTS,
// SET TRANSACTION, and the `SELECT pg_catalog.set_config('name', value, is_local)` pg_dump writes.

import { decodeStandard } from '../../sql/rows/string-literal.js';
import { identifierOf, type Token, tokenize, tokenText, wordOf } from '../../sql/tokenize.js';

export type SettingStatement =
  | {
      form: 'set';
      /** Lower-case setting name (`search_path`, `myapp.tenant`). */
      name: string;
      local: boolean;
      /** The value as written (unquoted when it was one string literal), or null for DEFAULT. */
      value: string | null;
    }
  | { form: 'reset' /** null for RESET ALL. */; name: string | null }
  | { form: 'set-constraints' }
  | { form: 'set-transaction' }
  /** SET ROLE, SET SESSION AUTHORIZATION and other forms that run as they are. */
  | { form: 'other' };

/** Multi-word forms of SET and the setting they mean. */
const SPECIAL_NAMES: [string[], string][] = [
  [['time', 'zone'], 'timezone'],
  [['schema'], 'search_path'],
  [['names'], 'client_encoding'],
  [['xml', 'option'], 'xmloption'],
];

export function readSettingStatement(
  sql: string,
  tokens: Token[] = tokenize(sql),
): SettingStatement | null {
  const words = tokens.map((t) => wordOf(sql, t));
  if (words[0] === 'reset') {
    return { form: 'reset', name: words[1] === 'all' ? null : settingName(sql, tokens, 1).name };
  }
  if (words[0] === 'select') return readSetConfig(sql, tokens);
  if (words[0] !== 'set') return null;
  let i = 1;
  let local = false;
  if (words[i] === 'local') {
    local = true;
    i++;
  } else if (words[i] === 'session') {
    if (words[i + 1] === 'characteristics') return { form: 'set-transaction' };
    if (words[i + 1] === 'authorization') return { form: 'other' };
    i++;
  }
  if (words[i] === 'constraints') return { form: 'set-constraints' };
  if (words[i] === 'transaction') return { form: 'set-transaction' };
  if (words[i] === 'role' || words[i] === 'authorization') return { form: 'other' };
  for (const [phrase, name] of SPECIAL_NAMES) {
    if (phrase.every((w, k) => words[i + k] === w)) {
      return { form: 'set', name, local, value: valueAfter(sql, tokens, i + phrase.length) };
    }
  }
  const { name, next } = settingName(sql, tokens, i);
  if (name === null) return { form: 'other' };
  const operator = tokens[next] ? tokenText(sql, tokens[next]) : '';
  const valueAt = operator === '=' || operator.toLowerCase() === 'to' ? next + 1 : next;
  return { form: 'set', name, local, value: valueAfter(sql, tokens, valueAt) };
}

/** A possibly dotted setting name starting at token `at`. */
function settingName(
  sql: string,
  tokens: Token[],
  at: number,
): { name: string | null; next: number } {
  const parts: string[] = [];
  let i = at;
  for (;;) {
    const part = identifierOf(sql, tokens[i]);
    if (part === null) break;
    parts.push(part);
    i++;
    if (tokens[i] && tokenText(sql, tokens[i]!) === '.') i++;
    else break;
  }
  return { name: parts.length > 0 ? parts.join('.') : null, next: i };
}

function valueAfter(sql: string, tokens: Token[], at: number): string | null {
  const rest = tokens.slice(at).filter((t) => tokenText(sql, t) !== ';');
  if (rest.length === 0) return null;
  if (rest.length === 1 && wordOf(sql, rest[0]) === 'default') return null;
  if (rest.length === 1 && rest[0]!.kind === 'string') return unquote(tokenText(sql, rest[0]!));
  return sql.slice(rest[0]!.start, rest.at(-1)!.end);
}

function unquote(literal: string): string {
  return literal.startsWith("'") ? decodeStandard(literal.slice(1, -1)) : literal;
}

/** `SELECT [pg_catalog.]set_config('name', value, is_local);` and nothing more. */
function readSetConfig(sql: string, tokens: Token[]): SettingStatement | null {
  const at = tokens.findIndex((t) => wordOf(sql, t) === 'set_config');
  if (at < 0) return null;
  const before = tokens.slice(1, at).map((t) => tokenText(sql, t).toLowerCase());
  if (!(before.length === 0 || before.join('') === 'pg_catalog.')) return null;
  const open = tokens[at + 1];
  const args = tokens.slice(at + 2);
  const name = args[0];
  if (!open || tokenText(sql, open) !== '(' || name?.kind !== 'string') return null;
  const commas = args.filter((t) => tokenText(sql, t) === ',');
  if (commas.length !== 2) return null;
  const afterSecond = args.indexOf(commas[1]!) + 1;
  const local = wordOf(sql, args[afterSecond]) === 'true';
  const valueToken = args[args.indexOf(commas[0]!) + 1];
  const value = valueToken?.kind === 'string' ? unquote(tokenText(sql, valueToken)) : null;
  return { form: 'set', name: unquote(tokenText(sql, name)).toLowerCase(), local, value };
}
