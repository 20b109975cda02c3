// Every test input goes through here: the in-memory split, the proof that the pieces make the
// input again, and the same input streamed in uneven chunks, which must give the same statements
// (with sources holding the right text) or the same error.

import { expect } from 'vitest';
import type { ScriptStatement, Span } from '../../../src/model/script.js';
import {
  createSplitter,
  reassemble,
  type ScannedScript,
  ScriptSyntaxError,
  type SplitOptions,
  scanScript,
  spanText,
  statementText,
} from '../../../src/sql/split/index.js';

export interface Streamed {
  statements: ScriptStatement[];
  trailing: Span;
  /** What onCopyData received, per COPY statement index. */
  data: Map<number, string>;
}

/** Streams `text` cut at `cuts` (sorted offsets), checking every source against the text. */
export function stream(
  text: string,
  cuts: readonly number[],
  options: SplitOptions = {},
): Streamed {
  const statements: ScriptStatement[] = [];
  const data = new Map<number, string>();
  let copying: number | null = null;
  let received = '';
  const splitter = createSplitter({
    ...options,
    onStatement(statement, source) {
      const whole = {
        start: statement.leading.start,
        end: statement.tail?.end ?? statement.span.end,
      };
      expect(spanText(source, whole)).toBe(spanText(text, whole));
      expect(statementText(source, statement)).toBe(statementText(text, statement));
      if (statement.copyData) {
        expect(copying).toBe(statement.index);
        data.set(statement.index, received);
        copying = null;
        received = '';
      }
      statements.push(statement);
    },
    onCopyStart(statement) {
      expect(copying).toBeNull();
      copying = statement.index;
      expect(statement.copyData?.span.start).toBe(statement.copyData?.span.end);
    },
    onCopyData(chunk) {
      expect(copying).not.toBeNull();
      received += chunk;
    },
  });
  let at = 0;
  for (const cut of [...cuts, text.length]) {
    splitter.push(text.slice(at, cut));
    at = cut;
  }
  const end = splitter.end();
  expect(end.length).toBe(text.length);
  return { statements, trailing: end.trailing, data };
}

/** A deterministic pseudo-random generator, so that failures can be replayed. */
export function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

export function randomCuts(length: number, seed: number, meanChunk = 7): number[] {
  const next = random(seed);
  const cuts: number[] = [];
  for (let at = 0; ; ) {
    at += 1 + Math.floor(next() * meanChunk * 2);
    if (at >= length) return cuts;
    cuts.push(at);
  }
}

function copyDataText(text: string, statement: ScriptStatement): string {
  const data = statement.copyData!;
  return text.slice(data.span.start, data.terminator?.start ?? data.span.end);
}

/** Splits in memory and streamed; checks reassembly and that both agree. */
export function split(text: string, options: SplitOptions = {}): ScannedScript {
  const result = scanScript(text, options);
  expect(reassemble(text, result.statements, result.trailing)).toBe(text);
  result.statements.forEach((statement, index) => {
    expect(statement.index).toBe(index);
  });
  for (const seed of [1, 2, 3]) {
    const streamed = stream(text, randomCuts(text.length, seed), options);
    expect(streamed.statements).toEqual(result.statements);
    expect(streamed.trailing).toEqual(result.trailing);
    for (const statement of result.statements) {
      if (statement.copyData) {
        expect(streamed.data.get(statement.index)).toBe(copyDataText(text, statement));
      }
    }
  }
  return result;
}

/** The statements' texts as psql sends them. */
export function texts(text: string, options: SplitOptions = {}): string[] {
  return split(text, options).statements.map((statement) => statementText(text, statement));
}

/** The error splitting throws, checked to be the same when streamed. */
export function splitError(text: string, options: SplitOptions = {}): ScriptSyntaxError {
  let error: unknown;
  try {
    scanScript(text, options);
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(ScriptSyntaxError);
  const expected = error as ScriptSyntaxError;
  for (const seed of [1, 2]) {
    let streamedError: unknown;
    try {
      stream(text, randomCuts(text.length, seed), options);
    } catch (caught) {
      streamedError = caught;
    }
    expect(streamedError).toBeInstanceOf(ScriptSyntaxError);
    const got = streamedError as ScriptSyntaxError;
    expect([got.code, got.line, got.column, got.offset]).toEqual([
      expected.code,
      expected.line,
      expected.column,
      expected.offset,
    ]);
  }
  return expected;
}
