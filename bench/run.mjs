// npm run bench: every benchmark, each against its named baseline.

const benchmarks = {
  'explain-startup': () => import('./explain-startup.mjs'),
  rows: () => import('./rows.mjs'),
  split: () => import('./split.mjs'),
  fix: () => import('./fix.mjs'),
  audit: () => import('./audit.mjs'),
  orphans: () => import('./orphans.mjs'),
};

const only = process.argv.slice(2);
for (const [name, load] of Object.entries(benchmarks)) {
  if (only.length > 0 && !only.includes(name)) continue;
  await (await load()).run();
}
