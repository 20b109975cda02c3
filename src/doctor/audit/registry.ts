// Every audit check, in the order reports list their ids. A new check is one file in checks/
// and one line here.

import type { Check } from './check.js';
import { fkDuplicate } from './checks/fk-duplicate.js';
import { fkMissingIndex } from './checks/fk-missing-index.js';
import { fkNullableCompositeMatchSimple } from './checks/fk-nullable-composite-match-simple.js';
import { fkSetNullNotNull } from './checks/fk-set-null-not-null.js';

export const checks: readonly Check[] = [
  fkMissingIndex,
  fkNullableCompositeMatchSimple,
  fkDuplicate,
  fkSetNullNotNull,
];

export function checkIds(): string[] {
  return checks.map((check) => check.id);
}
