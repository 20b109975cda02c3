// Key values as text that compares the way PostgreSQL compares the values, for the common key
// types: integers (`007` = `7`, `0x1F` = `31`), numeric (`1.50` = `1.5`), floats, uuid (case,
// braces, hyphens), boolean (`yes` = `t`), bpchar (trailing spaces), citext (case).
//
// Not normalised, compared exactly as text: dates and times, intervals, network types, json,
// arrays, enums, domains (whose base type the catalog entry does not give), and text under a
// nondeterministic collation. citext is lowercased with JavaScript's locale-free rules, which
// match the database's only for ASCII-like text. Integer and numeric syntax is PostgreSQL 16's
// (`1_000`, `0x1F`); older servers reject those spellings.

import type { Column } from '../../model/catalog.js';
import { parseBoolean } from '../parse-bool.js';
import {
  applyTypmod,
  canonicalNumeric,
  type NumericValue,
  numericText,
  parseNumeric,
  roundToInteger,
} from './decimal-text.js';

export type KeyFamily =
  | 'integer'
  | 'numeric'
  | 'float'
  | 'uuid'
  | 'boolean'
  | 'text'
  | 'bpchar'
  | 'citext'
  | 'other';

const familyOfType: Record<string, KeyFamily> = {
  int2: 'integer',
  int4: 'integer',
  int8: 'integer',
  oid: 'integer',
  numeric: 'numeric',
  float4: 'float',
  float8: 'float',
  uuid: 'uuid',
  bool: 'boolean',
  text: 'text',
  varchar: 'text',
  name: 'text',
  bpchar: 'bpchar',
};

/** The family of a catalog type name (Column.typeName: `int4`, `public.citext`, ...). */
export function keyFamily(typeName: string): KeyFamily {
  const family = familyOfType[typeName];
  if (family) return family;
  return typeName === 'citext' || typeName.endsWith('.citext') ? 'citext' : 'other';
}

/** Type names as SQL writes them in casts → the catalog's internal names. */
const sqlTypeNames: Record<string, string> = {
  smallint: 'int2',
  integer: 'int4',
  int: 'int4',
  bigint: 'int8',
  decimal: 'numeric',
  dec: 'numeric',
  real: 'float4',
  float: 'float8',
  'double precision': 'float8',
  boolean: 'bool',
  'character varying': 'varchar',
  'timestamp with time zone': 'timestamptz',
  'timestamp without time zone': 'timestamp',
  'time with time zone': 'timetz',
  'time without time zone': 'time',
  serial: 'int4',
};

/** A cast's type as RowValue.cast spells it (`integer`, `pg_catalog.int4`) → a catalog name. */
export function castTypeName(cast: string): string {
  const bare = cast.startsWith('pg_catalog.') ? cast.slice('pg_catalog.'.length) : cast;
  return sqlTypeNames[bare] ?? bare;
}

const integerSyntax =
  /^[+-]?(?:0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+|[0-9](?:_?[0-9])*)$/;

const integerRange: Record<string, [bigint, bigint]> = {
  int2: [-32768n, 32767n],
  int4: [-2147483648n, 2147483647n],
  int8: [-9223372036854775808n, 9223372036854775807n],
  oid: [0n, 4294967295n],
};

function inRange(value: bigint, typeName: string): string | null {
  const [min, max] = integerRange[typeName] ?? integerRange.int8!;
  return value < min || value > max ? null : value.toString();
}

/** int4in and friends: the canonical decimal, or null when the server would reject the text. */
function integerText(text: string, typeName: string): string | null {
  const trimmed = text.trim();
  if (!integerSyntax.test(trimmed)) return null;
  const negative = trimmed.startsWith('-');
  const digits = trimmed.replace(/^[+-]/, '').replaceAll('_', '');
  const magnitude = BigInt(digits);
  return inRange(negative ? -magnitude : magnitude, typeName);
}

const floatSyntax = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;

function floatText(text: string, typeName: string): string | null {
  const trimmed = text.trim();
  const lower = trimmed.toLowerCase();
  let value: number;
  if (lower === 'nan') value = Number.NaN;
  else if (/^[+]?(inf|infinity)$/.test(lower)) value = Number.POSITIVE_INFINITY;
  else if (/^-(inf|infinity)$/.test(lower)) value = Number.NEGATIVE_INFINITY;
  else if (floatSyntax.test(trimmed)) {
    value = typeName === 'float4' ? Math.fround(Number(trimmed)) : Number(trimmed);
    // Out of range either way is an error, not infinity or zero.
    if (!Number.isFinite(value) || (value === 0 && /[1-9]/.test(trimmed.replace(/[eE].*$/, '')))) {
      return null;
    }
  } else return null;
  // 0 and -0 are equal as floats.
  return Object.is(value, -0) ? '0' : String(value);
}

/**
 * varchar(n) and char(n) refuse longer values, unless only spaces are over the limit, which
 * are cut; char(n) compares without trailing spaces.
 */
function limitedText(text: string, column: Pick<Column, 'typeName' | 'typmod'>): string | null {
  let value = text;
  if (column.typmod >= 4) {
    const limit = column.typmod - 4;
    const chars = [...value];
    if (chars.length > limit) {
      if (chars.slice(limit).some((ch) => ch !== ' ')) return null;
      value = chars.slice(0, limit).join('');
    }
  }
  return column.typeName === 'bpchar' ? value.replace(/ +$/, '') : value;
}

const uuidSyntax = /^[0-9a-fA-F]{4}(?:-?[0-9a-fA-F]{4}){7}$/;

function uuidText(text: string): string | null {
  const inner = text.startsWith('{') && text.endsWith('}') ? text.slice(1, -1) : text;
  if (!uuidSyntax.test(inner)) return null;
  const hex = inner.replaceAll('-', '').toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** boolin: parse_bool after trimming white space; `t` or `f` as the server prints it. */
function booleanText(text: string): string | null {
  const value = parseBoolean(text.trim());
  return value === null ? null : value ? 't' : 'f';
}

/** numeric(p, s) rounds to its scale; the typmod packs (p << 16 | s) + 4, s in 11 signed bits. */
function numericInColumn(value: NumericValue, column: Pick<Column, 'typmod'>): string | null {
  if (column.typmod < 4) return canonicalNumeric(value);
  const packed = column.typmod - 4;
  const precision = (packed >> 16) & 0xffff;
  const scale = ((packed & 0x7ff) << 21) >> 21;
  const rounded = applyTypmod(value, precision, scale);
  return rounded === null ? null : canonicalNumeric(rounded);
}

/**
 * The comparable text of a value given as input text of the column's type (a COPY field, an
 * untyped string literal, a default's literal); null when the server would reject the input.
 */
export function normaliseKeyText(
  text: string,
  column: Pick<Column, 'typeName' | 'typmod'>,
): string | null {
  const { typeName } = column;
  switch (keyFamily(typeName)) {
    case 'integer':
      return integerText(text, typeName);
    case 'numeric': {
      const value = parseNumeric(text);
      return value === null ? null : numericInColumn(value, column);
    }
    case 'float':
      return floatText(text, typeName);
    case 'uuid':
      return uuidText(text);
    case 'boolean':
      return booleanText(text);
    case 'bpchar':
      return limitedText(text, column);
    case 'text':
      return typeName === 'varchar' ? limitedText(text, column) : text;
    case 'citext':
      return text.toLowerCase();
    default:
      return text;
  }
}

/**
 * The comparable text of a numeric constant (`42`, `-1.50`, `1e3`) stored in the column: the
 * assignment cast rounds it into integers, prints it into text columns; null when the server
 * would reject the assignment (a number into a boolean or uuid column, out of range).
 */
export function normaliseNumberConstant(
  text: string,
  column: Pick<Column, 'typeName' | 'typmod'>,
): string | null {
  const value: NumericValue | null = parseNumeric(text);
  if (value === null) return null;
  const { typeName } = column;
  switch (keyFamily(typeName)) {
    case 'integer': {
      const rounded = roundToInteger(value);
      return rounded === null ? null : inRange(rounded, typeName);
    }
    case 'numeric':
      return numericInColumn(value, column);
    case 'float':
      return floatText(typeof value === 'string' ? value : numericText(value), typeName);
    case 'text':
    case 'bpchar':
    case 'citext':
      // An integer constant prints as such; any other is numeric and prints with its scale.
      return normaliseKeyText(numericText(value), column);
    default:
      return null;
  }
}
