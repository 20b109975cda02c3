// Getting text back from spans, and the proof that the spans cover a script exactly: every
// statement's leading, span, tail and COPY data, with the trailing text, laid end to end, are the
// input again, with no gap and no overlap.

import type { ScriptStatement, Span } from '../../model/script.js';
import type { StatementSource } from './describe.js';

function slice(source: string | StatementSource, span: Span): string {
  if (typeof source === 'string') return source.slice(span.start, span.end);
  return source.text.slice(span.start - source.offset, span.end - source.offset);
}

/** The source text of a span: from the whole script, or from a streamed statement's source. */
export function spanText(source: string | StatementSource, span: Span): string {
  return slice(source, span);
}

/**
 * The statement as psql sends it to the server: its span without the meta-command lines inside it
 * and without the backslash of `\;` / `\:`.
 */
export function statementText(
  source: string | StatementSource,
  statement: ScriptStatement,
): string {
  const { span, excluded } = statement;
  if (!excluded || excluded.length === 0) return slice(source, span);
  let text = '';
  let at = span.start;
  for (const part of excluded) {
    text += slice(source, { start: at, end: part.start });
    at = part.end;
  }
  return text + slice(source, { start: at, end: span.end });
}

function key(span: Span): string {
  return `${span.start}:${span.end}`;
}

/**
 * Lays the pieces end to end and returns the text they make; throws when they leave a gap or
 * overlap. A meta-command inside a statement is checked to sit in that statement's `excluded`.
 */
export function reassemble(
  text: string,
  statements: readonly ScriptStatement[],
  trailing: Span,
): string {
  const insides = new Map<string, ScriptStatement>();
  for (const statement of statements) {
    for (const part of statement.excluded ?? []) insides.set(key(part), statement);
  }
  const pieces: Span[] = [];
  for (const statement of statements) {
    const outer = statement.kind === 'meta' ? insides.get(key(statement.span)) : undefined;
    if (outer !== undefined) {
      const { span, leading } = statement;
      if (
        leading.start !== span.start ||
        span.start < outer.span.start ||
        span.end > outer.span.end
      ) {
        throw new Error(`statement ${statement.index} is not inside statement ${outer.index}`);
      }
      continue;
    }
    pieces.push(statement.leading, statement.span);
    pieces.push(statement.tail ?? { start: statement.span.end, end: statement.span.end });
    if (statement.copyData) pieces.push(statement.copyData.span);
  }
  pieces.push(trailing);
  pieces.sort((a, b) => a.start - b.start || a.end - b.end);
  const parts: string[] = [];
  let at = 0;
  for (const piece of pieces) {
    if (piece.start !== at || piece.end < piece.start) {
      throw new Error(`the pieces do not meet: one ends at ${at}, the next is ${key(piece)}`);
    }
    parts.push(text.slice(piece.start, piece.end));
    at = piece.end;
  }
  if (at !== text.length) throw new Error(`the pieces end at ${at}, the text at ${text.length}`);
  return parts.join('');
}
