// What a source (text, log record, error object) said about one error, before interpretation.

import type { InputFormat, ViolationKind } from '../../../model/violation.js';

export interface ErrorReport {
  format: InputFormat;
  /** The primary message; may be a whole record that contains it somewhere. */
  message: string | null;
  detail: string | null;
  sqlstate: string | null;
  constraint: string | null;
  table: string | null;
  schema: string | null;
  statement: string | null;
  scriptLocation: string | null;
  /** What a source that omits the server's wording (Prisma) says about the direction. */
  kindHint?: { kind: ViolationKind; model: string | null; note: string | null };
}

export function emptyReport(format: InputFormat): ErrorReport {
  return {
    format,
    message: null,
    detail: null,
    sqlstate: null,
    constraint: null,
    table: null,
    schema: null,
    statement: null,
    scriptLocation: null,
  };
}
