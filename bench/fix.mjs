// fix on a 100 MB data-only script (3.5M rows, 10 tables, self-references, a two-table cycle,
// children first; bench/fix/generate.mjs). Reports the fix's throughput and peak memory
// (without the verifying sandbox run), and its time against the baseline: `psql -f` running
// the fixed script on the real server, in the same run. Goals: >= 20 MB/s, peak RSS < 1 GB,
// fix / psql <= 0.25. The same fix is measured a second time the way fix takes a script over
// --spill-threshold (runs of plain loads in a temp file, never the whole script in memory).

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const script = here('../.bench-data/fix-100mb.sql');
const schema = here('./fix/schema.sql');
const fixed = here('../.bench-data/fix-100mb.fixed.sql');
const server =
  process.env.FKDOCTOR_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export async function run() {
  if (!existsSync(script))
    execFileSync(process.execPath, [here('./fix/generate.mjs'), '--mb', '100'], {
      stdio: 'inherit',
    });
  const mb = statSync(script).size / 1e6;
  const measure = (...mode) =>
    JSON.parse(
      execFileSync(
        process.execPath,
        [here('./fix/measure-fix.mjs'), script, schema, fixed, ...mode],
        {
          encoding: 'utf8',
        },
      ),
    );
  const spilled = measure('spill');
  const measured = measure();
  const database = `fkd_bench_${process.pid}`;
  const admin = (sql) => execFileSync('psql', ['-X', '-q', '-d', server, '-c', sql]);
  admin(`CREATE DATABASE ${database}`);
  const url = new URL(server);
  url.pathname = `/${database}`;
  try {
    execFileSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url.toString(), '-f', schema]);
    const start = performance.now();
    const psql = spawnSync(
      'psql',
      ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url.toString(), '-f', fixed],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    const psqlMs = performance.now() - start;
    if (psql.status !== 0) throw new Error(`psql -f of the fixed script failed: ${psql.stderr}`);
    const throughput = mb / (measured.ms / 1000);
    const ratio = measured.ms / psqlMs;
    const spilledThroughput = mb / (spilled.ms / 1000);
    const spilledRatio = spilled.ms / psqlMs;
    console.log(
      JSON.stringify(
        {
          benchmark: `fix (${mb.toFixed(0)} MB data-only script, ${measured.moves} statements moved, ${measured.nulled} cycle edge nulled; without the verifying run)`,
          'fkdoctor fix': `${(measured.ms / 1000).toFixed(2)} s, ${throughput.toFixed(1)} MB/s, peak RSS ${measured.maxRssMb.toFixed(0)} MB`,
          'baseline: psql -f (fixed script, real server)': `${(psqlMs / 1000).toFixed(2)} s`,
          ratio: ratio.toFixed(3),
          goal: `>= 20 MB/s: ${throughput >= 20 ? 'met' : 'NOT met'}; RSS < 1 GB: ${measured.maxRssMb < 1024 ? 'met' : 'NOT met'}; ratio <= 0.25: ${ratio <= 0.25 ? 'met' : 'NOT met'}`,
          [`fkdoctor fix, spilled (${spilled.runs} runs in a temp file)`]: `${(spilled.ms / 1000).toFixed(2)} s, ${spilledThroughput.toFixed(1)} MB/s, peak RSS ${spilled.maxRssMb.toFixed(0)} MB`,
          'ratio, spilled': spilledRatio.toFixed(3),
          'goal, spilled': `>= 20 MB/s: ${spilledThroughput >= 20 ? 'met' : 'NOT met'}; RSS < 1 GB: ${spilled.maxRssMb < 1024 ? 'met' : 'NOT met'}; ratio <= 0.25: ${spilledRatio <= 0.25 ? 'met' : 'NOT met'}`,
        },
        null,
        2,
      ),
    );
  } finally {
    admin(`DROP DATABASE IF EXISTS ${database}`);
  }
}
