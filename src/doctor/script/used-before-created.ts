// Across a folder of migrations run in order: a file that uses a table (reads, writes, alters,
// references it) before any file has created it, while a later file does create it. Found from
// the text, so it is reported even when the sandbox run fails for another reason first, and it
// says where the table comes from, which "relation does not exist" does not.
//
// Names match when they are equal and their schemas are equal or either is unqualified (the
// search_path is not followed). Statements the parser cannot read, meta-commands and DO blocks'
// bodies are not looked into.

import type { ScriptStatement } from '../../model/script.js';
import { quoteIdent } from '../../sql/quote.js';
import { relationChangesSync, relationMentionsSync } from '../../sql/relation-changes.js';
import {
  loadStatementParser,
  statementTablesSync,
  type TableRef,
} from '../../sql/rows/statement-tables.js';
import { readInsertValues } from '../../sql/rows/values-insert.js';
import { statementText } from '../../sql/split/index.js';

export interface ScriptSource {
  file: string | null;
  text: string;
  statements: ScriptStatement[];
}

export interface UsedBeforeCreated {
  /** The file that uses the table, and the first line in it that does. */
  file: string | null;
  line: number;
  statementIndex: number;
  /** The table as the using statement names it, quoted where needed. */
  table: string;
  /** Where a later file creates it. */
  createdIn: { file: string | null; line: number };
}

interface Step {
  source: number;
  statement: ScriptStatement;
  creates: TableRef[];
  uses: TableRef[];
}

const notLooked = new Set(['meta', 'transaction', 'set']);

function sameTable(a: TableRef, b: TableRef): boolean {
  return a.name === b.name && (a.schema === b.schema || a.schema === null || b.schema === null);
}

function display(ref: TableRef): string {
  return ref.schema === null
    ? quoteIdent(ref.name)
    : `${quoteIdent(ref.schema)}.${quoteIdent(ref.name)}`;
}

function stepOf(source: number, text: string, statement: ScriptStatement): Step | null {
  const step = { source, statement, creates: [] as TableRef[], uses: [] as TableRef[] };
  if (notLooked.has(statement.kind)) return null;
  const sql = statementText(text, statement);
  // Rows of literals name one table; the parser would cost more than the rest of the check.
  if (
    statement.target &&
    (statement.kind === 'copy' || (statement.kind === 'insert' && readInsertValues(sql)))
  ) {
    step.uses.push(statement.target);
    return step;
  }
  try {
    const tables = statementTablesSync(sql);
    const changes = relationChangesSync(sql);
    const gone = [...changes.created, ...changes.dropped];
    step.creates = changes.created;
    step.uses = [...tables.writes, ...tables.reads].filter(
      (ref) => !gone.some((g) => sameTable(g, ref)),
    );
  } catch {
    // Not for the parser (psql variables, newer syntax): the sandbox run reports what fails.
    return null;
  }
  return step;
}

/** The line where the statement names the table: a long CREATE TABLE names it lines below. */
function lineOfMention(text: string, statement: ScriptStatement, table: TableRef): number {
  // Meta lines inside the statement are not in the text sent; offsets would not map back.
  if (statement.excluded?.length) return statement.line;
  const sql = statementText(text, statement);
  try {
    const mention = relationMentionsSync(sql).find(
      (m) => m.ref.name === table.name && m.ref.schema === table.schema,
    );
    if (!mention) return statement.line;
    let line = statement.line;
    for (let i = sql.indexOf('\n'); i !== -1 && i < mention.offset; i = sql.indexOf('\n', i + 1))
      line++;
    return line;
  } catch {
    return statement.line;
  }
}

export async function usedBeforeCreated(sources: ScriptSource[]): Promise<UsedBeforeCreated[]> {
  await loadStatementParser();
  const steps: Step[] = [];
  sources.forEach((source, i) => {
    for (const statement of source.statements) {
      const step = stepOf(i, source.text, statement);
      if (step) steps.push(step);
    }
  });
  const creations = new Map<string, { at: number; ref: TableRef }[]>();
  steps.forEach((step, at) => {
    for (const ref of step.creates) {
      const list = creations.get(ref.name) ?? [];
      list.push({ at, ref });
      creations.set(ref.name, list);
    }
  });
  const findings: UsedBeforeCreated[] = [];
  const reported = new Set<string>();
  steps.forEach((step, at) => {
    for (const use of step.uses) {
      const candidates = (creations.get(use.name) ?? []).filter((c) => sameTable(c.ref, use));
      if (candidates.some((c) => c.at < at)) continue;
      const next = candidates.find((c) => c.at > at);
      // Created later in the same file: an order problem inside one file, which the run shows.
      if (!next || steps[next.at]!.source === step.source) continue;
      const key = JSON.stringify([step.source, next.ref.schema, next.ref.name]);
      if (reported.has(key)) continue;
      reported.add(key);
      const creator = steps[next.at]!;
      findings.push({
        file: sources[step.source]!.file,
        line: lineOfMention(sources[step.source]!.text, step.statement, use),
        statementIndex: step.statement.index,
        table: display(use),
        createdIn: { file: sources[creator.source]!.file, line: creator.statement.line },
      });
    }
  });
  return findings;
}
