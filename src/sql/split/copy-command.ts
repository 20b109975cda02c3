// What a COPY command (or psql's \copy) says about its data: the table, the direction, whether
// the data follows inline (FROM STDIN), and the format options, in both the parenthesised syntax
// `WITH (FORMAT csv, HEADER, DELIMITER ';')` and the older `WITH CSV HEADER DELIMITER AS ';'`.

import type { Span } from '../../model/script.js';
import { parseBoolean } from '../parse-bool.js';
import { stringAt } from './literals.js';
import { identifierAt, qualifiedNameAt, type TableName } from './names.js';
import type { TokenView } from './token-view.js';

export interface CopyCommand {
  target: TableName | null;
  /** COPY ... FROM (a load), as opposed to COPY ... TO. */
  from: boolean;
  /** The data follows in the script: FROM STDIN (for \copy: stdin, not pstdin). */
  inline: boolean;
  format: 'text' | 'csv' | 'binary';
  delimiter?: string;
  nullString?: string;
  defaultString?: string;
  header: boolean;
  quote?: string;
  escape?: string;
  encoding?: string;
  /** Where the parts stand in the input, for rewriting the statement: the table as written, */
  targetSpan: Span | null;
  /** the column list with its parentheses, */
  columnsSpan: Span | null;
  /** and the token after FROM or TO (STDIN, a file name, PROGRAM). */
  sourceSpan: Span | null;
}

/** Applies one option, given by name and the index of its value token (or -1). */
function applyOption(copy: CopyCommand, view: TokenView, name: string, value: number): void {
  const text = value < 0 ? null : (stringAt(view, value) ?? (view.word(value) || view.raw(value)));
  switch (name) {
    case 'format':
      if (text === 'text' || text === 'csv' || text === 'binary') copy.format = text;
      break;
    case 'csv':
    case 'binary':
      copy.format = name;
      break;
    case 'delimiter':
      if (text !== null) copy.delimiter = text;
      break;
    case 'null':
      if (text !== null) copy.nullString = text;
      break;
    case 'default':
      if (text !== null) copy.defaultString = text;
      break;
    case 'header':
      // HEADER alone is true; HEADER MATCH checks the names and still skips the line.
      copy.header = text === null || text.toLowerCase() === 'match' || parseBoolean(text) === true;
      break;
    case 'quote':
      if (text !== null) copy.quote = text;
      break;
    case 'escape':
      if (text !== null) copy.escape = text;
      break;
    case 'encoding':
      if (text !== null) copy.encoding = text;
      break;
  }
}

/** WITH ( name [value] [, ...] ): the option list inside the parenthesis at i. */
function readOptionList(copy: CopyCommand, view: TokenView, i: number): void {
  const end = view.skipGroup(i) - 1;
  i++;
  while (i < end) {
    const name = view.word(i) || view.raw(i).replaceAll('"', '').toLowerCase();
    let value = -1;
    let j = i + 1;
    while (j < end && !(view.depth(j) === 1 && view.punct(j, ','))) {
      if (value < 0) value = j;
      j++;
    }
    applyOption(copy, view, name, value);
    i = j + 1;
  }
}

/** The old syntax: keywords at depth 0, `AS` optional before values, up to WHERE or the end. */
function readOldOptions(copy: CopyCommand, view: TokenView, i: number): void {
  const valued = new Set(['delimiter', 'null', 'quote', 'escape', 'encoding']);
  while (i < view.length && view.depth(i) === 0 && !view.is(i, 'where')) {
    const word = view.word(i);
    if (word === 'force') {
      // FORCE QUOTE cols|*, FORCE [NOT] NULL cols: skip it, so NULL is not read as the option.
      i += view.is(i + 1, 'not') ? 3 : 2;
      while (identifierAt(view, i) !== null || view.punct(i, '*')) {
        i++;
        if (!view.punct(i, ',')) break;
        i++;
      }
    } else if (valued.has(word)) {
      let value = i + 1;
      if (view.is(value, 'as')) value++;
      applyOption(copy, view, word, value);
      i = value + 1;
    } else {
      // CSV, BINARY, HEADER, OIDS, FREEZE, FORCE ... column lists: only the first three matter.
      if (word === 'csv' || word === 'binary') applyOption(copy, view, word, -1);
      else if (word === 'header') applyOption(copy, view, word, -1);
      i++;
    }
  }
}

/** Reads a COPY whose table (or query) starts at token i; null when it is no COPY we understand. */
export function readCopy(view: TokenView, i: number): CopyCommand | null {
  const copy: CopyCommand = {
    target: null,
    from: false,
    inline: false,
    format: 'text',
    header: false,
    targetSpan: null,
    columnsSpan: null,
    sourceSpan: null,
  };
  if (view.is(i, 'binary')) {
    copy.format = 'binary';
    i++;
  }
  if (view.punct(i, '(')) {
    i = view.skipGroup(i);
  } else {
    const name = qualifiedNameAt(view, i);
    if (name === null) return null;
    copy.target = name.name;
    copy.targetSpan = { start: view.start(i), end: view.end(name.next - 1) };
    i = name.next;
    if (view.punct(i, '(')) {
      const after = view.skipGroup(i);
      if (after > view.length) return null;
      copy.columnsSpan = { start: view.start(i), end: view.end(after - 1) };
      i = after;
    }
  }
  const direction = view.word(i);
  if (direction !== 'from' && direction !== 'to') return null;
  copy.from = direction === 'from';
  i++;
  if (i < view.length) copy.sourceSpan = { start: view.start(i), end: view.end(i) };
  const source = view.word(i);
  if (source === 'program') i++;
  copy.inline = copy.from && source === 'stdin';
  i++;
  if (view.is(i, 'using')) i++;
  if (view.is(i, 'delimiters')) {
    applyOption(copy, view, 'delimiter', i + 1);
    i += 2;
  }
  if (view.is(i, 'with')) i++;
  if (view.punct(i, '(')) readOptionList(copy, view, i);
  else readOldOptions(copy, view, i);
  return copy;
}
