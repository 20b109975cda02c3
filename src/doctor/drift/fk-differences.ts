// How one foreign key differs between database A and database B, property by property, with
// how serious each difference is and what it takes to give B A's version.

import type { ForeignKey } from '../../model/catalog.js';
import type { Severity } from '../../model/finding.js';
import { quoteIdent, quoteQualified } from '../../sql/quote.js';
import { foreignKeyIdentity } from './fk-identity.js';
import { actionText, deferrabilityText, setColumns } from './fk-sql.js';

export type FkProperty =
  | 'references'
  | 'onDelete'
  | 'onUpdate'
  | 'match'
  | 'onDeleteSetColumns'
  | 'deferrable'
  | 'validated'
  | 'enforced'
  | 'triggersEnabled';

/**
 * What B needs to match A: `recreate` (drop and add again, in one statement), `deferrability`
 * or `enforce` (ALTER CONSTRAINT), `validate` (VALIDATE CONSTRAINT), or `none` when B checks
 * more than A and fkdoctor will not weaken it (validate or enable it in A instead).
 */
export type FkChange = 'recreate' | 'deferrability' | 'enforce' | 'validate' | 'none';

export interface FkDifference {
  property: FkProperty;
  /** The property in A and in B, as SQL spells it (e.g. `ON DELETE CASCADE`, `NOT VALID`). */
  a: string;
  b: string;
  severity: Severity;
  change: FkChange;
}

export function foreignKeyDifferences(a: ForeignKey, b: ForeignKey): FkDifference[] {
  const out: FkDifference[] = [];
  const add = (
    property: FkProperty,
    textA: string,
    textB: string,
    severity: Severity,
    change: FkChange,
  ) => {
    if (textA !== textB) out.push({ property, a: textA, b: textB, severity, change });
  };
  if (foreignKeyIdentity(a) !== foreignKeyIdentity(b)) {
    out.push({
      property: 'references',
      a: referenceText(a),
      b: referenceText(b),
      severity: 'error',
      change: 'recreate',
    });
  }
  add(
    'onDelete',
    `ON DELETE ${actionText(a.onDelete)}`,
    `ON DELETE ${actionText(b.onDelete)}`,
    'warning',
    'recreate',
  );
  add(
    'onUpdate',
    `ON UPDATE ${actionText(a.onUpdate)}`,
    `ON UPDATE ${actionText(b.onUpdate)}`,
    'warning',
    'recreate',
  );
  add(
    'match',
    `MATCH ${a.match.toUpperCase()}`,
    `MATCH ${b.match.toUpperCase()}`,
    'warning',
    'recreate',
  );
  if (a.onDelete === b.onDelete && (a.onDelete === 'set-null' || a.onDelete === 'set-default')) {
    add('onDeleteSetColumns', setColumnsText(a), setColumnsText(b), 'warning', 'recreate');
  }
  add('deferrable', deferrabilityText(a), deferrabilityText(b), 'warning', 'deferrability');
  // NOT ENFORCED implies not valid; ALTER CONSTRAINT ... ENFORCED validates too.
  if (a.enforced !== b.enforced) {
    const [textA, textB] = [a, b].map((fk) => (fk.enforced ? 'ENFORCED' : 'NOT ENFORCED'));
    if (a.enforced) add('enforced', textA!, textB!, 'error', 'enforce');
    else add('enforced', textA!, textB!, 'info', 'none');
  } else if (a.enforced && a.validated !== b.validated) {
    if (a.validated) add('validated', 'VALID', 'NOT VALID', 'warning', 'validate');
    else add('validated', 'NOT VALID', 'VALID', 'info', 'none');
  }
  if (a.triggersEnabled !== b.triggersEnabled) {
    const [textA, textB] = [a, b].map((fk) =>
      fk.triggersEnabled ? 'triggers enabled' : 'triggers disabled',
    );
    // Adding the constraint again creates its triggers anew, enabled, and checks every row.
    if (a.triggersEnabled) add('triggersEnabled', textA!, textB!, 'error', 'recreate');
    else add('triggersEnabled', textA!, textB!, 'info', 'none');
  }
  return out;
}

/** How many properties differ (to pair the closest FKs when several check the same thing). */
export function countDifferences(a: ForeignKey, b: ForeignKey): number {
  return foreignKeyDifferences(a, b).length;
}

/** `(customer_id) REFERENCES public.customer (id)`. */
export function referenceText(fk: ForeignKey): string {
  const columns = (names: readonly string[]) => `(${names.map(quoteIdent).join(', ')})`;
  return `${columns(fk.columns)} REFERENCES ${quoteQualified(fk.referencedTable)} ${columns(fk.referencedColumns)}`;
}

function setColumnsText(fk: ForeignKey): string {
  const action = actionText(fk.onDelete);
  // Listing every column is the same as listing none.
  const set = setColumns(fk);
  if (set === null) return `ON DELETE ${action}`;
  const sorted = [...set].sort();
  return `ON DELETE ${action} (${sorted.map(quoteIdent).join(', ')})`;
}
