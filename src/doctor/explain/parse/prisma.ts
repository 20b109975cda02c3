// Prisma's P2003 keeps neither the DETAIL nor the direction: only the constraint (or field)
// name and the model operation. The operation says the direction: create → a missing parent,
// delete → a row still referenced; update can be either, so it is reported as a guess.

import type { ViolationKind } from '../../../model/violation.js';

export interface PrismaReading {
  constraint: string;
  model: string | null;
  operation: string | null;
  kind: ViolationKind;
  note: string | null;
}

const violated =
  /Foreign key constraint (?:violated on the constraint|failed on the field): `([^`]+)`/;
const invocation = /Invalid `(?:\w+\.)*?prisma\.(\w+)\.(\w+)\(\)` invocation/;

export function readPrisma(text: string): PrismaReading | null {
  const named = violated.exec(text);
  if (!named) return null;
  const call = invocation.exec(text);
  const operation = call?.[2] ?? null;
  const model = call?.[1] ?? null;
  const constraint = named[1]!.replace(/ \(index\)$/, '');
  const deleting = operation !== null && /^delete/.test(operation);
  const creating = operation !== null && /^(create|upsert)/.test(operation);
  // An update may change the child's reference or the parent's key. PostgreSQL names an FK
  // after its referencing table, so a constraint not named after the model points at it.
  const updatingParent =
    operation !== null &&
    /^update/.test(operation) &&
    model !== null &&
    !constraint.startsWith(`${model}_`);
  const parentSide = deleting || updatingParent;
  return {
    constraint,
    model,
    operation,
    kind: parentSide ? 'still-referenced' : 'missing-parent',
    note:
      creating || deleting
        ? `Prisma reports only the constraint; the direction comes from prisma.${model}.${operation}().`
        : `Prisma reports only the constraint, not the direction; ${parentSide ? `"${constraint}" is not named after ${model}, so ${model} is taken as the referenced table` : 'assumed a row without its parent'}.`,
  };
}
