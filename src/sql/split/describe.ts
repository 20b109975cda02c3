// From what the lexer found to the ScriptStatement the rest of fkdoctor reads: kind, target,
// leading trivia and tail, and whether the statement changes standard_conforming_strings or is
// a COPY whose data follows.

import type { ScriptStatement, StatementKind } from '../../model/script.js';
import { classify } from './classify.js';
import { type CopyCommand, readCopy } from './copy-command.js';
import type { RawStatement } from './lexer.js';
import type { TableName } from './names.js';
import { standardStringsSetting } from './settings.js';
import { statementTokens } from './statement-tokens.js';
import { TokenView } from './token-view.js';
import type { TokenRecorder } from './tokens.js';

/** Text holding at least [offset + 0, offset + text.length): a statement's leading, span and tail. */
export interface StatementSource {
  text: string;
  offset: number;
}

/** Describes one statement after another; what it found besides the statement is in its fields. */
export class Describer {
  private readonly view: TokenView;
  /** For COPY ... FROM STDIN and \copy ... from stdin: the data's format. */
  copy: CopyCommand | null = null;
  /** The new standard_conforming_strings, when the statement sets it. */
  standardStrings: boolean | null = null;

  constructor(tokens: TokenRecorder) {
    this.view = new TokenView(tokens, '', 0);
  }

  private lastTarget: TableName | null = null;

  /**
   * The previous statement's target object when it names the same table (a dump writes one
   * table for thousands of statements in a row), frozen since statements share it.
   */
  private shared(target: TableName): TableName {
    const last = this.lastTarget;
    if (last !== null && last.name === target.name && last.schema === target.schema) return last;
    this.lastTarget = Object.freeze(target);
    return target;
  }

  /** The statement without `index` (and without `copyData`, which comes with the data). */
  describe(raw: RawStatement, source: StatementSource): ScriptStatement {
    this.copy = null;
    this.standardStrings = null;
    let kind: StatementKind;
    let target: TableName | undefined;
    let targets: TableName[] | undefined;
    if (raw.meta !== null) {
      kind = 'meta';
      if (raw.meta === 'copy') {
        const from = raw.start - source.offset + '\\copy'.length;
        const command = readCopy(
          statementTokens(source.text.slice(from, raw.end - source.offset)),
          0,
        );
        target = command?.target ?? undefined;
        if (command?.inline) {
          // \copy ... from stdin reads its data from the script, like COPY ... FROM STDIN.
          kind = 'copy';
          this.copy = command;
        }
      }
    } else {
      const view = this.view.reset(source.text, source.offset);
      const found = classify(view);
      kind = found.kind;
      target = found.target;
      targets = found.targets;
      if (found.copy?.inline) this.copy = found.copy;
      if (kind === 'set') this.standardStrings = standardStringsSetting(view);
    }
    if (target !== undefined) target = this.shared(target);
    const span = { start: raw.start, end: raw.end };
    const leading = { start: raw.leadingStart, end: raw.start };
    const tail = { start: raw.end, end: raw.tailEnd };
    const { line, endLine } = raw;
    // Whole literals for the common shapes: a statement costs one object, not one and a
    // property store, which matters when a script has millions of them.
    const statement: ScriptStatement =
      target === undefined
        ? { index: -1, kind, span, leading, line, endLine, tail }
        : { index: -1, kind, span, leading, line, endLine, tail, target };
    if (targets !== undefined) statement.targets = targets;
    if (raw.meta !== null) statement.meta = raw.meta;
    if (raw.unterminated) statement.unterminated = true;
    if (raw.endedBy !== null) statement.endedBy = raw.endedBy;
    if (raw.excluded !== null) statement.excluded = raw.excluded;
    return statement;
  }
}
