// A statement's kind and the table it writes, from its leading keywords. The kinds follow what
// fkdoctor needs to know about order: which statements write which table (INSERT, COPY, UPDATE,
// DELETE and TRUNCATE, also behind a WITH), which change the schema, the session or the
// transaction, and which run code whose effect cannot be read from the text.

import type { StatementKind } from '../../model/script.js';
import { type CopyCommand, readCopy } from './copy-command.js';
import { identifierAt, qualifiedNameAt, type TableName } from './names.js';
import type { TokenView } from './token-view.js';

export interface Classification {
  kind: StatementKind;
  target?: TableName;
  /** TRUNCATE a, b, ...: every table. */
  targets?: TableName[];
  copy?: CopyCommand;
}

/** The first words of transaction control (PREPARE TRANSACTION is told by its second word). */
export const TRANSACTION_WORDS: ReadonlySet<string> = new Set([
  'begin',
  'start',
  'commit',
  'end',
  'rollback',
  'abort',
  'savepoint',
  'release',
]);
const DDL = new Set([
  'create',
  'alter',
  'drop',
  'comment',
  'grant',
  'revoke',
  'import',
  'reassign',
]);
/** The statements a WITH clause can lead to. */
const MAIN = new Set(['select', 'insert', 'update', 'delete', 'merge', 'values', 'table']);

/** [ONLY] name [*], or ONLY ( name ): the table at i. */
function relationAt(view: TokenView, i: number): { name: TableName; next: number } | null {
  if (view.is(i, 'only')) {
    i++;
    if (view.punct(i, '(')) i++;
  }
  const name = qualifiedNameAt(view, i);
  if (name === null) return null;
  return view.punct(name.next, '*') ? { name: name.name, next: name.next + 1 } : name;
}

function writes(kind: StatementKind, view: TokenView, i: number): Classification {
  const relation = relationAt(view, i);
  return relation === null ? { kind } : { kind, target: relation.name };
}

function truncate(view: TokenView): Classification {
  let i = view.is(1, 'table') ? 2 : 1;
  const targets: TableName[] = [];
  for (;;) {
    const relation = relationAt(view, i);
    if (relation === null) break;
    targets.push(relation.name);
    if (!view.punct(relation.next, ',')) break;
    i = relation.next + 1;
  }
  if (targets.length === 0) return { kind: 'delete' };
  return { kind: 'delete', target: targets[0]!, targets };
}

/** SELECT [pg_catalog.]set_config(...) and nothing more, as pg_dump writes its settings. */
function isSetConfig(view: TokenView): boolean {
  let i = 1;
  if (view.is(i, 'pg_catalog') && view.punct(i + 1, '.')) i += 2;
  if (!view.is(i, 'set_config') || !view.punct(i + 1, '(')) return false;
  const after = view.skipGroup(i + 1);
  return after >= view.length || view.punct(after, ';');
}

/** After WITH: skips the common table expressions to the statement they lead to. */
function afterWith(view: TokenView): number {
  let i = view.is(1, 'recursive') ? 2 : 1;
  for (;;) {
    const name = identifierAt(view, i);
    if (name === null) return -1;
    i = name.next;
    if (view.punct(i, '(')) i = view.skipGroup(i);
    if (!view.is(i, 'as')) return -1;
    i++;
    if (view.is(i, 'not')) i++;
    if (view.is(i, 'materialized')) i++;
    if (!view.punct(i, '(')) return -1;
    i = view.skipGroup(i);
    // SEARCH ... SET col and CYCLE ... USING path come before the comma or the statement.
    while (i < view.length && !view.punct(i, ',') && !MAIN.has(keywordAt(view, i))) i++;
    if (!view.punct(i, ',')) return i;
    i++;
  }
}

const KEYWORDS = [
  ...MAIN,
  ...TRANSACTION_WORDS,
  ...DDL,
  'with',
  'truncate',
  'copy',
  'set',
  'reset',
  'prepare',
  'do',
  'call',
  'security',
];
const KEYWORDS_BY_LENGTH = new Map<number, string[]>();
for (const keyword of KEYWORDS) {
  const same = KEYWORDS_BY_LENGTH.get(keyword.length) ?? [];
  same.push(keyword);
  KEYWORDS_BY_LENGTH.set(keyword.length, same);
}

/** The leading keyword at token i when it is one classification knows, without building strings. */
function keywordAt(view: TokenView, i: number): string {
  for (const keyword of KEYWORDS_BY_LENGTH.get(view.wordLength(i)) ?? []) {
    if (view.is(i, keyword)) return keyword;
  }
  return '';
}

function classifyAt(view: TokenView, i: number): Classification {
  const first = keywordAt(view, i);
  switch (first) {
    case 'insert':
      return view.is(i + 1, 'into') ? writes('insert', view, i + 2) : { kind: 'insert' };
    case 'update':
      return writes('update', view, i + 1);
    case 'delete':
      return view.is(i + 1, 'from') ? writes('delete', view, i + 2) : { kind: 'delete' };
    case 'merge':
      // MERGE inserts, updates and deletes: no single kind says that, so it stays 'other'.
      return view.is(i + 1, 'into') ? writes('other', view, i + 2) : { kind: 'other' };
    case 'select':
    case 'values':
    case 'table':
      return { kind: 'select' };
    default:
      return { kind: 'other' };
  }
}

export function classify(view: TokenView): Classification {
  const first = keywordAt(view, 0);
  switch (first) {
    case 'insert':
    case 'update':
    case 'delete':
    case 'merge':
    case 'values':
    case 'table':
      return classifyAt(view, 0);
    case 'select':
      return { kind: isSetConfig(view) ? 'set' : 'select' };
    case 'with': {
      const main = afterWith(view);
      return main < 0 ? { kind: 'other' } : classifyAt(view, main);
    }
    case 'truncate':
      return truncate(view);
    case 'copy': {
      const copy = readCopy(view, 1);
      if (copy === null) return { kind: 'other' };
      if (!copy.from) return { kind: 'other' };
      return copy.target === null
        ? { kind: 'copy', copy }
        : { kind: 'copy', target: copy.target, copy };
    }
    case 'set':
    case 'reset':
      return { kind: 'set' };
    case 'prepare':
      return { kind: view.is(1, 'transaction') ? 'transaction' : 'other' };
    case 'do':
    case 'call':
      return { kind: 'procedural' };
    case 'security':
      return { kind: view.is(1, 'label') ? 'ddl' : 'other' };
    case '':
      // A parenthesised query, or something that starts with no keyword we know.
      return { kind: view.punct(0, '(') ? 'select' : 'other' };
    default:
      if (TRANSACTION_WORDS.has(first)) return { kind: 'transaction' };
      if (DDL.has(first)) return { kind: 'ddl' };
      return { kind: 'other' };
  }
}
