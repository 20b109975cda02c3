// The first pass of `fix` on a script too big to hold: streams it once, and writes every run of
// consecutive plain loads (INSERT ... VALUES, COPY ... FROM stdin) on one table to a spill file,
// leaving in memory a skeleton: the rest of the script as it was, with one stand-in statement
// per run. Planning then works on the skeleton, where a stand-in moves like the run it stands
// for: fix never reorders loads of one table, and a table outside every foreign-key cycle needs
// nothing from its rows. Tables on a cycle or referencing themselves keep their statements in the
// skeleton, because their rows are ordered, split or rewritten.

import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { type FkGraph, findCycles } from '../../../model/fk-graph.js';
import type { ScriptStatement } from '../../../model/script.js';
import { quoteQualified } from '../../../sql/quote.js';
import { readInsertValues } from '../../../sql/rows/values-insert.js';
import { createSplitter, type StatementSource, statementText } from '../../../sql/split/index.js';
import { metaAction } from '../meta-command.js';
import { resolveTable } from '../plan/resolve-table.js';
import { type PsqlVariables, substituteVariables } from '../psql-variables.js';
import { countLines, TextRouter, type TextSink } from './text-router.js';

export interface SpilledRun {
  id: number;
  /** The table's graph key (`schema.name`). */
  table: string;
  /** Where its bytes are in the spill file. */
  start: number;
  bytes: number;
  /** Line of the user's script where the run's text begins (its first statement's comments). */
  startLine: number;
  /** Line of its first statement. */
  firstLine: number;
  /** Line breaks in its text. */
  lines: number;
  statements: number;
  /** The run's text ends with a line break (else fix adds one when something follows it). */
  endsWithNewline: boolean;
  /** The first line of its first statement, to name it in messages. */
  excerpt: string;
}

/** A line of the skeleton and the line of the user's script it comes from; lines after it follow. */
export interface LineAnchor {
  line: number;
  userLine: number;
}

export interface SpilledScript {
  skeleton: string;
  runs: SpilledRun[];
  /** Offset in the skeleton of each stand-in statement's first character → its run. */
  standIns: Map<number, SpilledRun>;
  /** The stand-in text of each run (what the writer replaces). */
  standInText: (run: SpilledRun) => string;
  spillFile: string;
  /** Skeleton lines to the user's lines, in order. */
  anchors: LineAnchor[];
  /** The input began with a byte order mark (not in the skeleton; written back first). */
  bom: boolean;
  /** Characters read. */
  length: number;
  /** The most script text held at once while spilling (see TextRouter.heldPeak). */
  heldPeak: number;
}

/**
 * Tables whose rows fix may need: on a cycle or referencing themselves, or a partition of one.
 * With `loadsOf` (how many statements of the script load a table), a table that references only
 * itself and is loaded by one statement is not among them: its rows are checked at the end of
 * that statement, so their order does not matter (a data-only pg_dump has one COPY per table).
 */
export function tablesKeptInMemory(
  graph: FkGraph,
  loadsOf?: (table: string) => number,
): Set<string> {
  const kept = new Set<string>();
  for (const cycle of findCycles(graph)) {
    const alone = cycle.selfReference && cycle.tables.length === 1;
    if (alone && loadsOf && loadsOf(cycle.tables[0]!) <= 1) continue;
    for (const table of cycle.tables) kept.add(table);
  }
  // A partition is loaded as its partitioned table: it goes with it.
  for (const node of graph.nodes.values()) {
    for (let up = node.table.partitionOf; up; ) {
      const key = `${up.schema}.${up.name}`;
      if (kept.has(key)) {
        kept.add(node.key);
        break;
      }
      up = graph.nodes.get(key)?.table.partitionOf ?? null;
    }
  }
  return kept;
}

interface SkeletonSink extends TextSink {
  parts: string[];
  length: number;
  lines: number;
}

class SpillSink implements TextSink {
  lastChar = '';
  /** A high surrogate that ended a write: its pair comes with the next one. */
  private pending = '';
  constructor(
    private readonly fd: number,
    readonly run: SpilledRun,
  ) {}
  write(piece: string): void {
    let text = this.pending + piece;
    this.pending = '';
    const last = text.charCodeAt(text.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) {
      this.pending = text.slice(-1);
      text = text.slice(0, -1);
    }
    this.writeBytes(text);
  }
  close(): void {
    this.writeBytes(this.pending);
    this.pending = '';
  }
  private writeBytes(text: string): void {
    if (text === '') return;
    const buffer = Buffer.from(text, 'utf8');
    let done = 0;
    while (done < buffer.length) done += writeSync(this.fd, buffer, done);
    this.run.bytes += buffer.length;
    this.run.lines += countLines(text);
    this.lastChar = text[text.length - 1]!;
  }
}

export async function spillRuns(
  chunks: AsyncIterable<string>,
  graph: FkGraph,
  directory: string,
  options: { loadsOf?: (table: string) => number } = {},
): Promise<SpilledScript> {
  const spillFile = join(directory, 'runs.spill');
  const fd = openSync(spillFile, 'w');
  const kept = tablesKeptInMemory(graph, options.loadsOf);
  const nonce = Math.random().toString(36).slice(2, 10);
  const skeleton: SkeletonSink = {
    parts: [],
    length: 0,
    lines: 0,
    write(text) {
      this.parts.push(text);
      this.length += text.length;
      this.lines += countLines(text);
    },
  };
  const router = new TextRouter(skeleton);
  const runs: SpilledRun[] = [];
  const standIns = new Map<number, SpilledRun>();
  const anchors: LineAnchor[] = [{ line: 1, userLine: 1 }];
  const variables: PsqlVariables = new Map();
  const tableOf = new Map<string, string | null>();
  let filePosition = 0;
  let current: SpillSink | null = null;
  /** Meta-commands come before the statement they sit inside: held until the next one shows. */
  let pendingMeta: number | null = null;

  const standInText = (run: SpilledRun) => {
    const [schema, ...rest] = run.table.split('.');
    const name = quoteQualified({ schema: schema!, name: rest.join('.') });
    return `COPY ${name} FROM stdin; -- fkdoctor: stands for spilled run ${nonce}.${run.id}\n\\.\n`;
  };
  const toSkeleton = (at: number) => {
    if (router.destination === skeleton) router.sendTo(at);
    else closeRun(at);
  };
  const closeRun = (at: number) => {
    router.switchAt(at, skeleton);
    current!.close();
    const run = current!.run;
    run.endsWithNewline = current!.lastChar === '\n';
    filePosition += run.bytes;
    const standIn = standInText(run);
    standIns.set(skeleton.length, run);
    skeleton.write(standIn);
    // The stand-in's line is the run's first statement; what follows it, the line after the run.
    anchors.push({ line: skeleton.lines - 1, userLine: run.firstLine });
    anchors.push({ line: skeleton.lines + 1, userLine: router.line });
    current = null;
  };
  const spillTable = (statement: ScriptStatement, source: StatementSource): string | null => {
    if (statement.excluded || statement.unterminated || statement.endedBy) return null;
    if (statement.meta !== undefined || !statement.target) return null;
    if (statement.kind === 'copy') {
      if (!statement.copyData) return null;
    } else if (statement.kind === 'insert') {
      const sql = statementText(source, statement);
      if (substituteVariables(sql, variables).names.length > 0) return null;
      if (!readInsertValues(sql)) return null;
    } else return null;
    const name = `${statement.target.schema ?? ''}\u0000${statement.target.name}`;
    let table = tableOf.get(name);
    if (table === undefined) {
      table = resolveTable(graph, statement.target);
      tableOf.set(name, table);
    }
    return table !== null && !kept.has(table) ? table : null;
  };
  const place = (statement: ScriptStatement, source: StatementSource) => {
    const at = statement.leading.start;
    if (pendingMeta !== null) {
      // Everything from the first held meta-command (or from this statement, when they sat
      // inside it) stays in the skeleton.
      const from = Math.min(pendingMeta, at);
      pendingMeta = null;
      toSkeleton(Math.max(from, router.sentTo));
      if (at < from || at < router.sentTo) return;
    }
    if (at < router.sentTo) {
      if (router.destination !== skeleton) throw new SpillNotPossible(statement.line);
      return;
    }
    const table = spillTable(statement, source);
    if (table === null) {
      toSkeleton(at);
      return;
    }
    if (current && current.run.table === table) {
      // The run goes on: what came before this statement is the run's, on its way to disk.
      router.sendTo(at);
      current.run.statements++;
      return;
    }
    if (current) closeRun(at);
    else router.sendTo(at);
    const run: SpilledRun = {
      id: runs.length,
      table,
      start: filePosition,
      bytes: 0,
      startLine: router.line,
      firstLine: statement.line,
      lines: 0,
      statements: 1,
      endsWithNewline: true,
      excerpt: statementText(source, statement).split('\n', 1)[0]!.slice(0, 200),
    };
    runs.push(run);
    current = new SpillSink(fd, run);
    router.switchAt(at, current);
  };

  let dataAt = 0;
  const splitter = createSplitter({
    onCopyStart(statement, source) {
      place(statement, source);
      dataAt = statement.copyData!.span.start;
    },
    onCopyData(data) {
      // COPY data is its statement's, wherever that went: send it on at once.
      dataAt += data.length;
      router.sendTo(dataAt);
    },
    onStatement(statement, source) {
      if (statement.kind === 'meta' && statement.meta !== 'copy') {
        const action = metaAction(statementText(source, statement), variables, false);
        if (action.kind === 'set') variables.set(action.name, action.value);
        else if (action.kind === 'unset') variables.delete(action.name);
        pendingMeta = Math.min(pendingMeta ?? statement.leading.start, statement.leading.start);
        return;
      }
      if (statement.kind === 'copy' && statement.copyData) return; // placed at its start
      place(statement, source);
    },
  });

  let bom = false;
  let first = true;
  try {
    for await (let chunk of chunks) {
      if (first && chunk.length > 0) {
        first = false;
        if (chunk.startsWith('\uFEFF')) {
          bom = true;
          chunk = chunk.slice(1);
        }
      }
      router.push(chunk);
      splitter.push(chunk);
    }
    const end = splitter.end();
    if (pendingMeta !== null) {
      toSkeleton(Math.max(pendingMeta, router.sentTo));
      pendingMeta = null;
    }
    toSkeleton(end.trailing.start);
    router.sendTo(end.length);
    return {
      skeleton: skeleton.parts.join(''),
      runs,
      standIns,
      standInText,
      spillFile,
      anchors,
      bom,
      length: end.length,
      heldPeak: router.heldPeak,
    };
  } finally {
    closeSync(fd);
  }
}

/** The script's statements cannot be cut into runs (statements sharing a line with a COPY). */
export class SpillNotPossible extends Error {
  constructor(readonly line: number) {
    super(`line ${line}: statements share a line with a COPY's data, which spilling cannot split`);
  }
}
