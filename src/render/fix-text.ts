// What `fkdoctor fix` did, on stderr: the moves (with --explain, why), the deferred
// constraints, what no reordering can fix, and whether the sandbox run proved the result.

import { stoppedBySandbox } from '../doctor/script/failure.js';
import type { FixResult } from '../doctor/script/fix-script.js';
import type { FixPlan, Move } from '../doctor/script/plan/fix-plan.js';
import { missingParentLines } from './missing-parents-text.js';
import type { Style } from './style.js';

function firstLine(text: string, max = 70): string {
  const line = text.split('\n', 1)[0]!.trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** `, 2 placeholder parents` / `, 3 rows quarantined`: what --missing-parents did. */
function doneAbout(result: FixResult): string {
  const placeholders = result.placeholders.reduce((n, p) => n + p.keys.length, 0);
  const parts = [
    ...(placeholders > 0
      ? [`${placeholders} placeholder parent${placeholders === 1 ? '' : 's'}`]
      : []),
    ...(result.mapped.length > 0
      ? [`${result.mapped.length} row${result.mapped.length === 1 ? '' : 's'} mapped`]
      : []),
    ...(result.quarantine
      ? [
          `${result.quarantine.rows.length} row${result.quarantine.rows.length === 1 ? '' : 's'} quarantined`,
        ]
      : []),
  ];
  return parts.map((p) => `, ${p}`).join('');
}

/** How many statements were split into more than one. */
function splitCount(splits: FixPlan['splits']): number {
  let count = 0;
  for (const split of splits ?? []) {
    const seen = new Set<number>();
    const cut = new Set<number>();
    for (const piece of split.pieces) {
      if (seen.has(piece.statement)) cut.add(piece.statement);
      seen.add(piece.statement);
    }
    count += cut.size;
  }
  return count;
}

export function renderFixSummary(
  result: FixResult,
  script: { text: string; file: string | null },
  style: Style,
  explain: boolean,
  /** Statements that stand for others (a spilled run): the first line of what they stand for. */
  excerpts: ReadonlyMap<number, string> = new Map(),
): string {
  const { plan, statements } = result;
  const file = script.file ?? 'stdin';
  const at = (index: number) => `${file}:${statements[index]!.line}`;
  const excerpt = (index: number) => {
    const s = statements[index]!;
    return firstLine(excerpts.get(index) ?? script.text.slice(s.span.start, s.span.end));
  };
  const out: string[] = [];
  // Statements that moved together (consecutive in the new order) are one move.
  const groups: Move[][] = [];
  for (const move of plan.moves) {
    const last = groups[groups.length - 1];
    if (last && last[last.length - 1]!.before === move.statement) last.push(move);
    else groups.push([move]);
  }
  const shownGroups = 20;
  for (const group of groups.slice(0, shownGroups)) {
    const landing = group[group.length - 1]!.before;
    const where = landing === null ? 'to the end' : `before ${at(landing)}`;
    if (group.length <= 5) {
      for (const move of group) {
        out.push(`${style.cyan('moved')} ${at(move.statement)} ${excerpt(move.statement)}`);
      }
    } else {
      // Thousands of one-row INSERTs move together: one line per table.
      const byTable = new Map<string, number[]>();
      for (const move of group) {
        const target = statements[move.statement]!.target;
        const name = target ? `${target.schema ? `${target.schema}.` : ''}${target.name}` : 'other';
        byTable.set(name, [...(byTable.get(name) ?? []), statements[move.statement]!.line]);
      }
      for (const [table, lines] of byTable) {
        const first = Math.min(...lines);
        const last = Math.max(...lines);
        const range = first === last ? `${file}:${first}` : `${file}:${first}–${last}`;
        const count = lines.length === 1 ? '1 statement' : `${lines.length} statements`;
        out.push(`${style.cyan('moved')} ${count} on ${table} ${style.dim(`(${range})`)}`);
      }
    }
    out.push(`      ${style.dim(where)}`);
    const edge = group.find((m) => m.edge)?.edge;
    if (explain && edge) {
      out.push(
        style.dim(
          edge.child === edge.parent
            ? `      rows of ${edge.child} name parents loaded by it (${edge.fk.name}): parents first`
            : `      ${edge.child} references ${edge.parent} (${edge.fk.name}): parent rows first; statements on one table keep their order`,
        ),
      );
    }
  }
  if (groups.length > shownGroups) {
    out.push(style.dim(`… and ${groups.length - shownGroups} more moves`));
  }
  for (const deferral of plan.deferrals) {
    const names = deferral.edges.map((e) => e.fk.name).join(', ');
    out.push(
      `${style.cyan('deferred')} ${names} ${style.dim('(a cycle: checked at COMMIT, inside one transaction)')}`,
    );
    for (const e of deferral.alter) {
      out.push(
        `${style.yellow('schema')} ${e.fk.name} made DEFERRABLE for the load and restored to NOT DEFERRABLE after it ${style.dim('(--allow-schema-changes: no edge of the cycle is nullable or deferrable)')}`,
      );
    }
    if (explain) {
      for (const e of deferral.edges) {
        const how = deferral.alter.includes(e) ? 'made DEFERRABLE for the load' : 'DEFERRABLE';
        out.push(
          style.dim(
            `      ${e.child} ↔ ${e.parent}: no order puts every parent first; ${e.fk.name} is ${how}, so it is checked at COMMIT`,
          ),
        );
      }
    }
  }
  for (const nulling of plan.nullings) {
    const { fk } = nulling.edge;
    out.push(
      `${style.cyan('nulled')} ${fk.table.name}.(${nulling.edge.nullableColumns.join(', ')}) ${style.dim(`loaded as NULL, written back by an UPDATE after ${at(nulling.parentStatement)} (${fk.name}: a cycle)`)}`,
    );
  }
  for (const split of plan.splits ?? []) {
    const pieces = new Map<number, number>();
    for (const piece of split.pieces)
      pieces.set(piece.statement, (pieces.get(piece.statement) ?? 0) + 1);
    for (const [statement, count] of pieces) {
      if (count < 2) continue;
      out.push(
        `${style.cyan('split')} ${at(statement)} ${excerpt(statement)} ${style.dim(`into ${count} statements (${split.constraint}: rows of ${split.table} in different statements name each other's parents)`)}`,
      );
    }
    if (explain) {
      out.push(
        style.dim(`      ${split.table} is loaded in this order, each row after its parent:`),
      );
      for (const piece of split.pieces) {
        const rows = piece.rows.map((r) => r + 1);
        const shown = rows.length > 8 ? `${rows.slice(0, 8).join(', ')}, …` : rows.join(', ');
        out.push(
          style.dim(`      ${at(piece.statement)} row${rows.length === 1 ? '' : 's'} ${shown}`),
        );
      }
    }
  }
  for (const u of plan.unfixable.filter((u) => u.reason === 'self-reference')) {
    out.push(
      `${style.red('✖')} ${at(u.statement)} ${excerpt(u.statement)}: the statements loading ${u.edge.fk.table.name} need each other's rows (${u.edge.fk.name}), and fkdoctor does not split them: ${u.detail ?? 'their rows cannot be read'}`,
    );
  }
  for (const u of plan.unfixable.filter((u) => u.reason === 'behind-barrier')) {
    const parent =
      u.parentStatement === null
        ? 'its parent'
        : `${at(u.parentStatement)} (${excerpt(u.parentStatement)})`;
    const wall =
      u.blockedBy == null
        ? 'a statement it may not cross'
        : `${at(u.blockedBy)} (${excerpt(u.blockedBy)})`;
    out.push(
      `${style.red('✖')} ${at(u.statement)} ${excerpt(u.statement)}: its parent is loaded by ${parent}, which cannot move above ${wall}: its effect on the tables is unknown or it touches them. Move that statement yourself if it is safe.`,
    );
  }
  for (const blocked of result.barriers) {
    const { failure } = blocked;
    const wall =
      blocked.blockedLine === null
        ? 'a statement in between'
        : `the ${blocked.blockedKind === 'procedural' ? 'DO/CALL' : blocked.blockedKind} statement at ${file}:${blocked.blockedLine}`;
    out.push(
      `${style.red('✖')} ${file}:${failure.line} ${failure.statementText}: its parent is inserted at ${file}:${blocked.parentLine}, which cannot move above ${wall}: fkdoctor cannot see what that statement does. Move it yourself if that is safe.`,
    );
  }
  for (const u of plan.unfixable.filter((u) => u.reason === 'cycle-not-breakable')) {
    out.push(
      `${style.red('✖')} ${at(u.statement)} ${excerpt(u.statement)}: "${u.edge.fk.name}" is part of a cycle that is neither nullable nor deferrable; --allow-schema-changes makes it DEFERRABLE for the load`,
    );
  }
  const stopped = result.otherFailures.filter((f) => stoppedBySandbox(f.failure));
  for (const { failure, place } of stopped) {
    out.push(
      `${style.red('✖')} ${place ? `${file}:${place.line}` : 'a statement fkdoctor added'} ${failure.statementText}: ${failure.message.split('\n', 1)[0]} ${style.dim(
        failure.sqlstate === '57014'
          ? '(the sandbox stopped it: on your server, statement_timeout; give --statement-timeout MS, 0 for none). What it loads never reached the check, so the rows said to miss parents below may have them'
          : '(the sandbox stopped it). What it loads never reached the check',
      )}`,
    );
  }
  out.push(...missingParentLines(result, file, style));
  // Failures nothing above explains are listed as they are, never left unsaid.
  const explained =
    result.missingParentRows.length > 0 ||
    result.barriers.length > 0 ||
    plan.unfixable.length > 0 ||
    result.newFailures.length > 0 ||
    result.refused.length > 0;
  for (const { failure, place } of explained ? [] : result.remaining.slice(0, 20)) {
    out.push(
      `${style.red('✖')} ${place ? `${file}:${place.line}` : 'a statement fkdoctor added'} ${failure.statementText}: still fails after reordering: ${failure.message.split('\n', 1)[0]}${failure.detail ? ` (${failure.detail})` : ''}`,
    );
  }
  const others = result.otherFailures.filter((f) => !stoppedBySandbox(f.failure));
  for (const { failure, place } of others.slice(0, 10)) {
    out.push(
      `${style.yellow('!')} ${place ? `${file}:${place.line}` : 'a statement fkdoctor added'} ${failure.statementText}: ${failure.message.split('\n', 1)[0]} ${style.dim('(not a foreign key: fix leaves it as it is)')}`,
    );
  }
  if (others.length > 10) out.push(style.dim(`  … and ${others.length - 10} more`));
  const left = result.after?.failures.filter((f) => f.kind === 'foreign-key') ?? [];
  if (!result.after) {
    out.push(style.dim('not verified (--no-verify)'));
  } else if (result.verified) {
    out.push(
      plan.changed
        ? style.green(
            `✔ verified: the fixed script ran in the sandbox with no foreign-key failure (${plan.moves.length} moved, ${plan.deferrals.length} deferred, ${plan.nullings.length} nulled${splitCount(plan.splits) > 0 ? `, ${splitCount(plan.splits)} split` : ''}${doneAbout(result)})`,
          )
        : result.fixed !== null
          ? style.green(
              `✔ verified: the fixed script ran in the sandbox with no foreign-key failure (${doneAbout(result).slice(2)})`,
            )
          : style.green(`✔ ${file}: no foreign-key failures; nothing to fix`),
    );
  } else if (stopped.length > 0 && left.length === 0 && result.newFailures.length === 0) {
    out.push(
      style.red(
        '✖ not verified: the sandbox stopped a statement before its rows were checked; the script is not printed',
      ),
    );
  } else {
    const count = left.length + result.newFailures.length;
    out.push(
      style.red(
        `✖ not fixed: ${count} statement(s) still fail in the sandbox; the script is not printed`,
      ),
    );
  }
  return `${out.join('\n')}\n`;
}
