// Shared helpers for the benchmarks: whole-process timing, medians, and a printed ratio against
// a named baseline measured in the same run (A and B alternate so machine drift hits both).

import { spawnSync } from 'node:child_process';

export function timeProcess(command, args, options = {}) {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { stdio: ['pipe', 'ignore', 'pipe'], ...options });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== (options.expectStatus ?? 0)) {
    throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  }
  return ms;
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Runs a and b in turn `runs` times (after one warm-up each) and prints medians and a/b. */
export function compare({ name, a, b, runs = 15, goal }) {
  a.run();
  b.run();
  const timesA = [];
  const timesB = [];
  const ratios = [];
  for (let i = 0; i < runs; i++) {
    const ta = a.run();
    const tb = b.run();
    timesA.push(ta);
    timesB.push(tb);
    ratios.push(ta / tb);
  }
  const line = {
    benchmark: name,
    [a.label]: `${median(timesA).toFixed(1)} ms (median of ${runs})`,
    [`baseline: ${b.label}`]: `${median(timesB).toFixed(1)} ms`,
    ratio: median(ratios).toFixed(2),
    ...(goal ? { goal: goal(median(timesA), median(ratios)) } : {}),
  };
  console.log(JSON.stringify(line, null, 2));
  return line;
}
