// A unified diff (`diff -u` format) of two texts by lines, for `fkdoctor fix --diff`. Myers'
// O((N+M)D) algorithm; scripts are seeds and migrations here, and the caller falls back to the
// move summary for huge ones.

type Op = { kind: ' ' | '-' | '+'; line: string };

function editScript(a: string[], b: string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let done = false;
  for (let d = 0; d <= max && !done; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x =
        k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!)
          ? v[offset + k + 1]!
          : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        done = true;
        break;
      }
    }
  }
  // Walk back through the saved frontiers.
  const ops: Op[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const frontier = trace[d]!;
    const k = x - y;
    const prevK =
      k === -d || (k !== d && frontier[offset + k - 1]! < frontier[offset + k + 1]!)
        ? k + 1
        : k - 1;
    const prevX = frontier[offset + prevK]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      x--;
      y--;
      ops.push({ kind: ' ', line: a[x]! });
    }
    if (d > 0) {
      if (x === prevX) ops.push({ kind: '+', line: b[--y]! });
      else ops.push({ kind: '-', line: a[--x]! });
    }
  }
  return ops.reverse();
}

function lines(text: string): string[] {
  const all = text.split('\n');
  if (all[all.length - 1] === '') all.pop();
  return all;
}

export function unifiedDiff(
  before: string,
  after: string,
  names: [string, string],
  context = 3,
): string {
  const ops = editScript(lines(before), lines(after));
  const out: string[] = [`--- ${names[0]}`, `+++ ${names[1]}`];
  let i = 0;
  let oldLine = 1;
  let newLine = 1;
  while (i < ops.length) {
    if (ops[i]!.kind === ' ') {
      i++;
      oldLine++;
      newLine++;
      continue;
    }
    // A hunk: from `context` lines before this change to `context` after the last nearby one.
    const lead = Math.min(context, i - ops.slice(0, i).findLastIndex((op) => op.kind !== ' ') - 1);
    let end = i;
    let quiet = 0;
    while (end < ops.length && quiet <= 2 * context) {
      quiet = ops[end]!.kind === ' ' ? quiet + 1 : 0;
      end++;
    }
    end -= Math.max(0, quiet - context);
    const hunk = ops.slice(i - lead, end);
    const oldCount = hunk.filter((op) => op.kind !== '+').length;
    const newCount = hunk.filter((op) => op.kind !== '-').length;
    out.push(`@@ -${oldLine - lead},${oldCount} +${newLine - lead},${newCount} @@`);
    for (const op of hunk) out.push(`${op.kind}${op.line}`);
    for (const op of ops.slice(i, end)) {
      if (op.kind !== '+') oldLine++;
      if (op.kind !== '-') newLine++;
    }
    i = end;
  }
  return out.length > 2 ? `${out.join('\n')}\n` : '';
}
