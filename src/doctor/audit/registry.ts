// Every audit check, in the order reports list their ids. A new check is one file in checks/
// and one line here.

import type { Check } from './check.js';
import { fkCycleNotDeferrable } from './checks/fk-cycle-not-deferrable.js';
import { fkDuplicate } from './checks/fk-duplicate.js';
import { fkEnforcementDisabled } from './checks/fk-enforcement-disabled.js';
import { fkImpliedMissing } from './checks/fk-implied-missing.js';
import { fkMissingIndex } from './checks/fk-missing-index.js';
import { fkNotValidated } from './checks/fk-not-validated.js';
import { fkNullableCompositeMatchSimple } from './checks/fk-nullable-composite-match-simple.js';
import { fkOrphans } from './checks/fk-orphans.js';
import { fkSetNullNotNull } from './checks/fk-set-null-not-null.js';
import { fkTypeMismatch } from './checks/fk-type-mismatch.js';

export const checks: readonly Check[] = [
  fkMissingIndex,
  fkTypeMismatch,
  fkNotValidated,
  fkOrphans,
  fkEnforcementDisabled,
  fkCycleNotDeferrable,
  fkNullableCompositeMatchSimple,
  fkDuplicate,
  fkSetNullNotNull,
  fkImpliedMissing,
];

export function checkIds(): string[] {
  return checks.map((check) => check.id);
}
