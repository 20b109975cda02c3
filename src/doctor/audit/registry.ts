// Every audit check, in the order reports list their ids. A new check is one file in checks/
// and one line here.

import type { Check } from './check.js';
import { fkCycleNotDeferrable } from './checks/fk-cycle-not-deferrable.js';
import { fkEnforcementDisabled } from './checks/fk-enforcement-disabled.js';
import { fkMissingIndex } from './checks/fk-missing-index.js';
import { fkTypeMismatch } from './checks/fk-type-mismatch.js';

export const checks: readonly Check[] = [
  fkMissingIndex,
  fkTypeMismatch,
  fkEnforcementDisabled,
  fkCycleNotDeferrable,
];

export function checkIds(): string[] {
  return checks.map((check) => check.id);
}
