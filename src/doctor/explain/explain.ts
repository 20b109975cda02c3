// explain without a database: the violation, read from text or an error object, turned into
// a diagnosis with causes, diagnostic SQL and fixes. With a catalog (from --db or a schema),
// the SQL uses the constraint's real columns instead of names inferred from the text.

import type { Catalog, ForeignKey, Table } from '../../model/catalog.js';
import { findTable } from '../../model/catalog.js';
import { isNumericColumn } from '../../model/column-kinds.js';
import type { Violation } from '../../model/violation.js';
import { matchFullAdvice } from './advice/match-full.js';
import { missingParentAdvice, type ParentColumnNeeds } from './advice/missing-parent.js';
import { parentSideAdvice } from './advice/parent-side.js';
import { partitionDetachAdvice } from './advice/partition-detach.js';
import { type Advice, type Cause, type Explanation, rankCauses } from './explanation.js';
import { type FkShape, shapeFromCatalog, shapeFromText } from './fk-shape.js';
import type { LiveDiagnosis } from './live/live-diagnosis.js';

/** What the parent INSERT must fill and how to look a parent up, from its table definition. */
export function parentColumnNeeds(
  parent: Table | undefined,
  referenced: string[],
): ParentColumnNeeds | null {
  if (!parent) return null;
  const required = parent.columns
    .filter((c) => c.notNull && c.default === null && c.identity === null && c.generated === null)
    .filter((c) => !referenced.includes(c.name))
    .map((c) => ({ name: c.name, type: c.type }));
  const natural = [parent.primaryKey, ...parent.uniqueKeys].find(
    (key) => key && key.columns.join() !== referenced.join(),
  );
  return { required, naturalKey: natural?.columns ?? null };
}

export function adviceFor(
  violation: Violation,
  shape: FkShape,
  needs: ParentColumnNeeds | null,
): Advice {
  switch (violation.kind) {
    case 'missing-parent':
      return missingParentAdvice(violation, shape, needs);
    case 'still-referenced':
    case 'restrict':
      return parentSideAdvice(violation, shape);
    case 'match-full':
      return matchFullAdvice(violation, shape);
    case 'partition-detach':
      return partitionDetachAdvice(violation, shape, violation.referencedTable ?? 'the_partition');
  }
}

export interface ExplainContext {
  catalog?: Catalog;
  /** The constraint resolved in the catalog (see live/resolve-constraint.ts). */
  foreignKey?: ForeignKey;
  live?: LiveDiagnosis;
}

export function explainViolation(violation: Violation, context: ExplainContext = {}): Explanation {
  const fk = context.foreignKey;
  const parent = fk && context.catalog ? findTable(context.catalog, fk.referencedTable) : undefined;
  const numeric = (fk?.referencedColumns ?? []).map((name) =>
    isNumericColumn(parent?.columns.find((c) => c.name === name)),
  );
  const shape = fk ? shapeFromCatalog(violation, fk, numeric) : shapeFromText(violation);
  if (context.live?.keyValues) shape.values = context.live.keyValues;
  const advice = adviceFor(violation, shape, parentColumnNeeds(parent, shape.referencedColumns));
  const causes = applyCauseUpdates(advice.causes, context.live?.causeUpdates ?? []);
  return {
    violation,
    ...advice,
    causes: rankCauses(causes),
    assumptions: shape.guesses,
    live: context.live ?? null,
  };
}

/** Live evidence replaces the text-only guess for a cause of the same id, or adds one. */
function applyCauseUpdates(causes: Cause[], updates: Cause[]): Cause[] {
  const byId = new Map(updates.map((cause) => [cause.id, cause]));
  const merged = causes.map((cause) => byId.get(cause.id) ?? cause);
  const known = new Set(causes.map((cause) => cause.id));
  return [...updates.filter((cause) => !known.has(cause.id)), ...merged];
}
