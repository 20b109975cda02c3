// The in-memory case: a script already held as one string.

import type { ScriptStatement, Span } from '../../model/script.js';
import { ScriptSplitter, type SplitOptions } from './splitter.js';

export interface ScannedScript {
  statements: ScriptStatement[];
  /** Blank lines and comments after the last statement. */
  trailing: Span;
  lines: number;
  bom: boolean;
}

/** Splits a whole script; every span points into `text`. Throws ScriptSyntaxError. */
export function scanScript(text: string, options: SplitOptions = {}): ScannedScript {
  const statements: ScriptStatement[] = [];
  const splitter = new ScriptSplitter(
    { ...options, onStatement: (statement) => statements.push(statement) },
    text,
  );
  const end = splitter.all();
  return { statements, trailing: end.trailing, lines: end.lines, bom: end.bom };
}

/** The statements of a whole script, in the order psql runs them. */
export function splitScript(text: string, options: SplitOptions = {}): ScriptStatement[] {
  return scanScript(text, options).statements;
}
