// What `fkdoctor fix` did, on stderr: the moves (with --explain, why), the deferred
// constraints, and what no reordering can fix.

import type { FixResult } from '../doctor/script/fix-script.js';
import type { Style } from './style.js';

function at(file: string | null, line: number): string {
  return `${file ?? 'stdin'}:${line}`;
}

export function renderFixSummary(
  result: FixResult,
  file: string | null,
  style: Style,
  explain: boolean,
): string {
  const { before, plan } = result;
  const out: string[] = [];
  const excerpt = (index: number) => {
    const failure = before.failures.find((f) => f.statementIndex === index);
    if (failure) return failure.statementText;
    const s = before.statements[index]!;
    const text = before.text.slice(s.span.start, s.span.end).split('\n', 1)[0]!;
    return text.length > 70 ? `${text.slice(0, 69)}…` : text;
  };
  const fkFailures = before.failures.filter((f) => f.kind === 'foreign-key');
  if (fkFailures.length === 0) {
    out.push(
      style.green(`✔ ${at(file, 1).replace(/:1$/, '')}: no foreign-key failures; nothing to fix.`),
    );
  }
  for (const move of plan.moves) {
    const s = before.statements[move.statement]!;
    const target =
      move.before === null ? 'to the end' : `before line ${before.statements[move.before]!.line}`;
    out.push(
      `${style.cyan('moved')} ${at(file, s.line)} ${excerpt(move.statement)} ${style.dim(target)}`,
    );
    if (explain) {
      out.push(
        style.dim(
          move.edge
            ? `      ${move.edge.child} references ${move.edge.parent} (${move.edge.fk.name}): the parent rows must come first`
            : '      it loads the same table as a statement that had to move, and keeps its order with it',
        ),
      );
    }
  }
  for (const deferral of plan.deferrals) {
    const names = deferral.edges.map((e) => e.fk.name).join(', ');
    out.push(
      `${style.cyan('deferred')} ${names} ${style.dim('(a cycle: checked at COMMIT, inside one transaction)')}`,
    );
  }
  for (const missing of result.missingParents) {
    for (const parent of missing.parents ?? []) {
      if (parent.loadedAt !== null) continue;
      out.push(
        `${style.red('✖')} ${at(file, missing.line)} ${missing.statementText}: no statement inserts the parent (${parent.key.join(', ')}) for "${missing.constraint}"; reordering cannot fix it`,
      );
    }
  }
  for (const u of plan.unfixable.filter((u) => u.reason !== 'no-parent-rows')) {
    out.push(
      `${style.red('✖')} ${at(file, before.statements[u.statement]!.line)} ${excerpt(u.statement)}: "${u.edge.fk.name}" is part of a cycle that is neither nullable nor deferrable`,
    );
  }
  if (result.after) {
    const left = result.after.failures.filter((f) => f.kind === 'foreign-key');
    out.push(
      result.verified
        ? style.green(
            `✔ verified: the fixed script ran in the sandbox with no foreign-key failure (${plan.moves.length} moved, ${plan.deferrals.length} deferred)`,
          )
        : style.red(
            `✖ not fixed: ${left.length} statement(s) still fail in the sandbox; the script is not printed`,
          ),
    );
  } else if (fkFailures.length > 0) {
    out.push(style.red('✖ not fixed: no reordering helps; the script is not printed'));
  }
  return `${out.join('\n')}\n`;
}
