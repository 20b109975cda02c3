// Orphan scan of a 5M-row child against a 1M-row parent (a few % orphans, some NULL keys) on the
// real server, in a scratch database dropped afterwards. Times fkdoctor's single-pass count
// (countOrphans, sample included) against the one hand-written anti-join on the same data, side
// by side (alternating, medians), goal ratio <= 1.2; then the chunked scan (key ranges of the
// primary key, progress reported) and its overhead against the single pass.
// Sizes: FKDOCTOR_BENCH_ORPHANS_PARENT_ROWS (1000000), FKDOCTOR_BENCH_ORPHANS_CHILD_ROWS
// (5000000), FKDOCTOR_BENCH_ORPHANS_RUNS (5), FKDOCTOR_BENCH_ORPHANS_CHUNK_ROWS (1000000).

import pg from 'pg';
import { AUTO_CHUNK_ABOVE_ROWS, countOrphans, openServer, readCatalog } from '../dist/index.js';
import { median } from './lib.mjs';

const server =
  process.env.FKDOCTOR_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const parents = Number(process.env.FKDOCTOR_BENCH_ORPHANS_PARENT_ROWS ?? 1_000_000);
const children = Number(process.env.FKDOCTOR_BENCH_ORPHANS_CHILD_ROWS ?? 5_000_000);
const runs = Number(process.env.FKDOCTOR_BENCH_ORPHANS_RUNS ?? 5);
const chunkRows = Number(process.env.FKDOCTOR_BENCH_ORPHANS_CHUNK_ROWS ?? 1_000_000);

const BASELINE =
  'select count(*) from child c where c.pid is not null and not exists (select 1 from parent p where p.id = c.pid)';

async function admin(sql) {
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function timed(fn) {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

export async function run() {
  const database = `fkd_bench_orphans_${process.pid}`;
  await admin(`CREATE DATABASE ${database}`);
  const url = new URL(server);
  url.pathname = `/${database}`;
  try {
    const load = await timed(async () => {
      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      try {
        // Every 33rd child row points past the parents (an orphan), every 50th is NULL.
        await client.query(`
          CREATE TABLE parent (id int PRIMARY KEY, name text);
          CREATE TABLE child (id int PRIMARY KEY, pid int, payload text);
          INSERT INTO parent SELECT g, 'p' || g FROM generate_series(1, ${parents}) g;
          INSERT INTO child SELECT g,
            CASE WHEN g % 50 = 0 THEN NULL
                 WHEN g % 33 = 0 THEN ${parents} + g
                 ELSE 1 + ((g::bigint * 7919) % ${parents})::int END,
            'row ' || g
            FROM generate_series(1, ${children}) g;
          ALTER TABLE child ADD CONSTRAINT child_pid_fkey FOREIGN KEY (pid) REFERENCES parent NOT VALID;`);
        await client.query('VACUUM ANALYZE parent');
        await client.query('VACUUM ANALYZE child');
      } finally {
        await client.end();
      }
    });
    const engine = await openServer(url.toString(), {
      readOnly: true,
      statementTimeoutMs: 600_000,
      lockTimeoutMs: 5_000,
      applicationName: 'fkdoctor-bench',
    });
    try {
      const catalog = await readCatalog(engine);
      const fk = catalog.foreignKeys.find((f) => f.name === 'child_pid_fkey');
      const estimated = catalog.tables.find((t) => t.name === 'child').estimatedRows;
      const fkdoctor = () => countOrphans(engine, catalog, fk, { chunkRows: 0 });
      const baseline = () => engine.query(BASELINE);

      // Warm-up, and the two must agree.
      const first = await fkdoctor();
      const expected = Number((await baseline()).rows[0].count);
      if (first.orphanCount !== expected) {
        throw new Error(`fkdoctor counted ${first.orphanCount} orphans, the anti-join ${expected}`);
      }
      const single = [];
      const hand = [];
      const ratios = [];
      for (let i = 0; i < runs; i++) {
        const a = await timed(fkdoctor);
        const b = await timed(baseline);
        single.push(a.ms);
        hand.push(b.ms);
        ratios.push(a.ms / b.ms);
      }
      const ratio = median(ratios);
      console.log(
        JSON.stringify(
          {
            benchmark: `orphan scan (${children.toLocaleString('en')} child rows, ${parents.toLocaleString('en')} parents, ${expected.toLocaleString('en')} orphans; data loaded in ${(load.ms / 1000).toFixed(1)} s)`,
            'fkdoctor countOrphans, one pass (sample of 10 included)': `${median(single).toFixed(0)} ms (median of ${runs})`,
            'baseline: hand-written anti-join': `${median(hand).toFixed(0)} ms`,
            ratio: ratio.toFixed(2),
            goal: `<= 1.2: ${ratio <= 1.2 ? 'met' : 'NOT met'}`,
          },
          null,
          2,
        ),
      );

      let progressCalls = 0;
      let chunks = 0;
      const chunked = [];
      const pairs = [];
      for (let i = 0; i < Math.max(3, Math.ceil(runs / 2)); i++) {
        const c = await timed(() =>
          countOrphans(engine, catalog, fk, {
            chunkRows,
            onProgress: (p) => {
              progressCalls += 1;
              chunks = p.total;
            },
          }),
        );
        if (c.value.orphanCount !== expected) throw new Error('chunked count differs');
        const s = await timed(fkdoctor);
        chunked.push(c.ms);
        pairs.push(c.ms / s.ms);
      }
      const overhead = median(pairs);
      console.log(
        JSON.stringify(
          {
            benchmark: `orphan scan in key-range chunks (~${chunkRows.toLocaleString('en')} rows each, ${chunks} chunks, ${progressCalls} progress reports)`,
            'fkdoctor countOrphans, chunked': `${median(chunked).toFixed(0)} ms (median of ${chunked.length})`,
            'overhead ratio (chunked / one pass, paired runs)': overhead.toFixed(2),
            'without --chunk-rows this table is scanned':
              estimated > AUTO_CHUNK_ABOVE_ROWS ? 'in chunks' : 'in one pass',
          },
          null,
          2,
        ),
      );
    } finally {
      await engine.close();
    }
  } finally {
    await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
