// Which foreign keys a statement's own transaction already defers: inside the script's BEGIN
// ... COMMIT, after SET CONSTRAINTS name (or ALL) DEFERRED, or for an INITIALLY DEFERRED
// constraint, the check waits for COMMIT and the order inside the block does not matter, so
// fix leaves it alone. Outside a block psql commits every statement, so nothing is deferred.

import type { ForeignKey } from '../../../model/catalog.js';
import type { ScriptStatement } from '../../../model/script.js';
import { statementText } from '../../../sql/split/index.js';

interface BlockState {
  all: 'deferred' | 'immediate' | null;
  deferred: Set<string>;
  immediate: Set<string>;
}

export type DeferredCheck = (statement: number, fk: ForeignKey) => boolean;

const begin = /^\s*(begin|start\s+transaction)\b/i;
const end = /^\s*(commit|end|rollback|abort)\b/i;
const setConstraints = /^\s*set\s+constraints\s+([\s\S]+?)\s+(deferred|immediate)\s*;?\s*$/i;

/** Names in a SET CONSTRAINTS list, without schema and quotes (lower-cased unless quoted). */
function names(list: string): string[] {
  return list.split(',').map((part) => {
    const last = part.trim().split('.').pop()!.trim();
    return last.startsWith('"') ? last.slice(1, -1).replaceAll('""', '"') : last.toLowerCase();
  });
}

export function deferredInEffect(
  text: string,
  statements: readonly ScriptStatement[],
): DeferredCheck {
  const states: (BlockState | null)[] = [];
  let block: BlockState | null = null;
  for (const statement of statements) {
    if (statement.kind === 'transaction') {
      const sql = statementText(text, statement);
      if (begin.test(sql)) block = { all: null, deferred: new Set(), immediate: new Set() };
      else if (end.test(sql)) block = null;
    } else if (statement.kind === 'set' && block) {
      const match = setConstraints.exec(statementText(text, statement));
      if (match) {
        const mode = match[2]!.toLowerCase() as 'deferred' | 'immediate';
        const list = match[1]!.trim();
        if (/^all$/i.test(list)) {
          block = { all: mode, deferred: new Set(), immediate: new Set() };
        } else {
          const open: BlockState = block;
          const next: BlockState = {
            all: open.all,
            deferred: new Set(open.deferred),
            immediate: new Set(open.immediate),
          };
          for (const name of names(list)) {
            (mode === 'deferred' ? next.deferred : next.immediate).add(name);
            (mode === 'deferred' ? next.immediate : next.deferred).delete(name);
          }
          block = next;
        }
      }
    }
    states.push(block);
  }
  return (index, fk) => {
    const state = states[index];
    if (!state || !fk.deferrable) return false;
    if (state.deferred.has(fk.name)) return true;
    if (state.immediate.has(fk.name)) return false;
    if (state.all) return state.all === 'deferred';
    return fk.initiallyDeferred;
  };
}
