// All of a drift report's fixes as one script for B, in an order where each step can run:
// constraints B has extra are dropped first (freeing their names), then changed ones are
// recreated or altered under B's names, then renamed to A's names (a name another rename frees
// goes through a temporary name, so swapped `_fkey` / `_fkey1` names work), then the missing
// ones added (their names now free), then indexes built. CREATE INDEX CONCURRENTLY cannot run
// inside a transaction block, so the script has no BEGIN/COMMIT: each ALTER TABLE is atomic.

import type { Finding } from '../../model/finding.js';
import { lineComment } from '../../sql/quote.js';
import { type ConstraintRename, renameSql } from './fk-drift.js';

export function driftFixScript(findings: readonly Finding[]): string {
  const lines: string[] = [];
  const section = (check: string) => {
    for (const finding of findings) {
      if (finding.check !== check || finding.fix === null) continue;
      lines.push(lineComment(`${finding.check}: ${finding.message}`), finding.fix, '');
    }
  };
  section('drift-extra');
  section('drift-different');
  const renames = findings.filter((f) => f.check === 'drift-renamed');
  if (renames.length > 0) {
    for (const finding of renames) lines.push(lineComment(`${finding.check}: ${finding.message}`));
    lines.push(...orderedRenames(renames.flatMap(renamesOf)), '');
  }
  section('drift-missing');
  section('drift-index');
  const known = ['drift-extra', 'drift-different', 'drift-renamed', 'drift-missing', 'drift-index'];
  for (const finding of findings) {
    if (!known.includes(finding.check) && finding.fix !== null) {
      lines.push(lineComment(`${finding.check}: ${finding.message}`), finding.fix, '');
    }
  }
  const without = findings.filter((f) => f.fix === null);
  if (without.length > 0) {
    lines.push(lineComment('Not fixed by this script:'));
    for (const finding of without) lines.push(lineComment(`${finding.check}: ${finding.message}`));
    lines.push('');
  }
  return lines.join('\n');
}

function renamesOf(finding: Finding): ConstraintRename[] {
  const renames = finding.details?.renames;
  return Array.isArray(renames) ? (renames as ConstraintRename[]) : [];
}

/**
 * Renames whose new name is another rename's old name on the same table go to a temporary name
 * first and to their own name last, after every old name has moved away.
 */
function orderedRenames(renames: readonly ConstraintRename[]): string[] {
  const tableKey = (r: ConstraintRename) => JSON.stringify([r.table.schema, r.table.name]);
  const oldNames = new Set(renames.map((r) => `${tableKey(r)}\u0000${r.from}`));
  const blocked = renames.filter((r) => oldNames.has(`${tableKey(r)}\u0000${r.to}`));
  const temporary = new Map(blocked.map((r, i) => [r, `fkdoctor_rename_${i + 1}`]));
  return [
    ...blocked.map((r) => renameSql({ ...r, to: temporary.get(r)! })),
    ...renames.filter((r) => !temporary.has(r)).map(renameSql),
    ...blocked.map((r) => renameSql({ ...r, from: temporary.get(r)! })),
  ];
}
