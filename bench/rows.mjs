// readInsertValues on a pg_dump `--inserts --rows-per-insert=1000` style script of ~100 MB:
// the goal is well over 50 MB/s. Baseline: libpg-query's parseSync (the full parser the fast
// path stands in for) on the first statements of the same script, in the same run. Also
// readCopyRows on the same rows as a pg_dump COPY block, in text and CSV format.
//
// MB are megabytes of UTF-8, as the script would be on disk.
//
//   node bench/rows.mjs [megabytes]     (after npm run build)

import { readCopyRows } from '../dist/sql/rows/copy-data.js';
import { readInsertValues } from '../dist/sql/rows/values-insert.js';
import { median } from './lib.mjs';

const ROWS_PER_INSERT = 1000;

/** A deterministic pseudo-random generator, so every run parses the same text. */
function lcg(seed) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const words = [
  'alpha',
  "O'Brien",
  'Zoë',
  'naïve café',
  'x),(y',
  'semi;colon',
  '日本語',
  'a "quote"',
];

/** Rows the way pg_dump prints them: numbers bare, everything else quoted, NULL, true/false. */
function generate(megabytes, copyLines = null) {
  const random = lcg(42);
  const statements = [];
  let size = 0;
  let id = 1;
  while (size < megabytes * 1e6) {
    const rows = [];
    for (let i = 0; i < ROWS_PER_INSERT; i++, id++) {
      const manager =
        id > 1 && random() < 0.9 ? String(Math.floor(random() * (id - 1)) + 1) : 'NULL';
      const name = `${words[id % words.length]} ${id}`.replaceAll("'", "''");
      const salary = (random() * 100000).toFixed(2);
      const hired = `2024-${String((id % 12) + 1).padStart(2, '0')}-${String((id % 28) + 1).padStart(2, '0')} 09:30:00+00`;
      const active = random() < 0.5 ? 'true' : 'false';
      const notes = random() < 0.3 ? 'NULL' : `'{"tags": ["t${id % 7}"], "level": ${id % 5}}'`;
      rows.push(`\t(${id}, ${manager}, '${name}', ${salary}, '${hired}', ${active}, ${notes})`);
      if (copyLines) {
        const field = (v) =>
          v === 'NULL' ? '\\N' : v.startsWith("'") ? v.slice(1, -1).replaceAll("''", "'") : v;
        copyLines.push(
          [id, manager, `'${name}'`, salary, hired, active, notes]
            .map((v) => field(String(v)))
            .join('\t'),
        );
      }
    }
    const statement = `INSERT INTO public.employees VALUES\n${rows.join(',\n')};\n`;
    statements.push(statement);
    size += Buffer.byteLength(statement);
  }
  return { statements, size };
}

function timeFastPath(statements) {
  const start = process.hrtime.bigint();
  let rows = 0;
  for (const statement of statements) {
    const parsed = readInsertValues(statement);
    if (parsed === null) throw new Error('fast path refused a generated statement');
    rows += parsed.rows.length;
  }
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, rows };
}

function timeLibpgQuery(parseSync, statements) {
  const start = process.hrtime.bigint();
  for (const statement of statements) parseSync(statement);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** readCopyRows over one block: MB/s (median of 5). */
function timeCopy(text, format) {
  const csv = format === 'csv';
  const copyData = {
    span: { start: 0, end: text.length },
    line: 1,
    format,
    delimiter: csv ? ',' : '\t',
    nullString: csv ? '' : '\\N',
    header: false,
    quote: '"',
    escape: '"',
  };
  const times = [];
  let rows = 0;
  for (let i = 0; i < 5; i++) {
    const start = process.hrtime.bigint();
    rows = 0;
    for (const _row of readCopyRows(text, copyData)) rows++;
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return {
    mb: Buffer.byteLength(text) / 1e6,
    rate: Buffer.byteLength(text) / 1e6 / (median(times) / 1000),
    rows,
  };
}

/** The text lines as CSV: tabs become commas, fields with commas or quotes get quoted. */
function toCsv(lines) {
  const quote = (f) => (f === '\\N' ? '' : /[",\n]/.test(f) ? `"${f.replaceAll('"', '""')}"` : f);
  return lines.map((line) => line.split('\t').map(quote).join(',')).join('\n');
}

export async function run(megabytes = 100) {
  const copyLines = [];
  const { statements, size } = generate(megabytes, copyLines);
  const mb = size / 1e6;
  timeFastPath(statements.slice(0, 20));
  const fast = [];
  let rows = 0;
  for (let i = 0; i < 5; i++) {
    const result = timeFastPath(statements);
    fast.push(result.ms);
    rows = result.rows;
  }
  const copyText = `${copyLines.join('\n')}\n`;
  const copy = timeCopy(copyText, 'text');
  const csvText = `${toCsv(copyLines)}\n`;
  copyLines.length = 0;
  const csv = timeCopy(csvText, 'csv');
  // Loaded only now: compiling its WebAssembly in the background would slow the timings above.
  const { loadModule, parseSync } = await import('libpg-query');
  await loadModule();
  // The full parser is slow: a 5% sample of the statements is enough for its rate.
  const sample = statements.slice(0, Math.max(1, Math.floor(statements.length / 20)));
  const sampleMb = sample.reduce((n, s) => n + Buffer.byteLength(s), 0) / 1e6;
  timeLibpgQuery(parseSync, sample.slice(0, 2));
  const full = [0, 1, 2].map(() => timeLibpgQuery(parseSync, sample));
  const fastRate = mb / (median(fast) / 1000);
  const fullRate = sampleMb / (median(full) / 1000);
  const line = {
    benchmark: `readInsertValues on a ${mb.toFixed(0)} MB pg_dump --inserts script (${rows} rows)`,
    readInsertValues: `${fastRate.toFixed(0)} MB/s (median of ${fast.length}, ${median(fast).toFixed(0)} ms)`,
    'baseline: libpg-query parseSync': `${fullRate.toFixed(1)} MB/s (on ${sampleMb.toFixed(1)} MB)`,
    ratio: (fastRate / fullRate).toFixed(1),
    goal: `> 50 MB/s: ${fastRate > 50 ? 'met' : 'NOT met'}`,
    'readCopyRows, text': `${copy.rate.toFixed(0)} MB/s (${copy.mb.toFixed(0)} MB, ${copy.rows} rows)`,
    'readCopyRows, csv': `${csv.rate.toFixed(0)} MB/s (${csv.mb.toFixed(0)} MB, ${csv.rows} rows)`,
  };
  console.log(JSON.stringify(line, null, 2));
  return line;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await run(Number(process.argv[2] ?? 100));
}
