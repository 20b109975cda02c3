// Every audit check, in the order reports list their ids. A new check is one file in checks/
// and one line here.

import type { Check } from './check.js';
import { fkImpliedMissing } from './checks/fk-implied-missing.js';
import { fkMissingIndex } from './checks/fk-missing-index.js';
import { fkNotValidated } from './checks/fk-not-validated.js';
import { fkOrphans } from './checks/fk-orphans.js';

export const checks: readonly Check[] = [
  fkMissingIndex,
  fkNotValidated,
  fkOrphans,
  fkImpliedMissing,
];

export function checkIds(): string[] {
  return checks.map((check) => check.id);
}
