// A value for a placeholder parent's NOT NULL column that the column's type accepts whatever its
// modifier: zero, the empty string, false, the epoch, the nil UUID, an empty array or JSON
// object. A CHECK constraint may still reject it; the sandbox run finds that. Types fkdoctor
// cannot vouch for (enums, domains, composites, ranges, bit(n), anything user defined) give
// null: the placeholder is refused rather than guessed.

import type { Column } from '../../../model/catalog.js';
import { quoteLiteral } from '../../../sql/quote.js';

const valueOfType: Record<string, string> = {
  int2: '0',
  int4: '0',
  int8: '0',
  numeric: '0',
  float4: '0',
  float8: '0',
  money: '0',
  oid: '0',
  text: '',
  varchar: '',
  bpchar: '',
  name: '',
  bool: 'false',
  date: 'epoch',
  timestamp: 'epoch',
  timestamptz: 'epoch',
  time: '00:00',
  timetz: '00:00+00',
  interval: '0',
  uuid: '00000000-0000-0000-0000-000000000000',
  json: '{}',
  jsonb: '{}',
  bytea: '',
  varbit: '',
  inet: '0.0.0.0',
  cidr: '0.0.0.0/32',
  macaddr: '00:00:00:00:00:00',
};

/** The value as an SQL literal, or null when fkdoctor knows none that surely fits. */
export function placeholderValue(column: Column): string | null {
  // Arrays (`_int4`): the empty one fits any element type.
  if (column.typeName.startsWith('_')) return quoteLiteral('{}');
  const value = valueOfType[column.typeName];
  return value === undefined ? null : quoteLiteral(value);
}
