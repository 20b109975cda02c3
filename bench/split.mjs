// Statement splitter throughput on generated pg_dump-style scripts, in MB/s of UTF-8 input:
// a data-only dump with COPY blocks, the same data as INSERT statements (pg_dump --inserts),
// and DDL (the pagila schema, repeated). Each is split in memory and streamed in 64 KiB chunks
// (decoded from UTF-8 bytes, as a file stream delivers them).
// Baseline: a bare charCodeAt loop over the same text, the floor any JS lexer pays.
// Needs a build (npm run build); run with `node bench/split.mjs` or `npm run bench split`.

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dist = new URL('../dist/sql/split/index.js', import.meta.url);
const pagila = fileURLToPath(
  new URL('../../shared/reference/pagila/pagila-schema.sql', import.meta.url),
);
const TARGET_BYTES = 80e6;
const CHUNK = 64 * 1024;

function header() {
  return [
    '--',
    '-- PostgreSQL database dump',
    '--',
    '',
    '\\restrict Zq8s0Wc1Xy3',
    '',
    'SET statement_timeout = 0;',
    "SET client_encoding = 'UTF8';",
    'SET standard_conforming_strings = on;',
    "SELECT pg_catalog.set_config('search_path', '', false);",
    '',
  ].join('\n');
}

function row(i) {
  const name = i % 7 === 0 ? `Zoë \\t ${i}` : `customer number ${i}`;
  return `${i}\t${i % 1000}\t${name}\t2024-01-${String((i % 28) + 1).padStart(2, '0')} 10:00:00+00\t\\N\t${(i * 3.7).toFixed(2)}\n`;
}

function copyDump() {
  const parts = [header()];
  let bytes = 0;
  let table = 0;
  while (bytes < TARGET_BYTES) {
    table++;
    parts.push(
      `\n--\n-- Data for Name: t${table}; Type: TABLE DATA; Schema: public; Owner: app\n--\n\n`,
      `COPY public.t${table} (id, parent_id, name, created_at, note, amount) FROM stdin;\n`,
    );
    const rows = [];
    for (let i = 0; i < 100_000; i++) rows.push(row(i));
    const block = rows.join('');
    bytes += block.length;
    parts.push(block, '\\.\n');
  }
  parts.push('\n\\unrestrict Zq8s0Wc1Xy3\n');
  return parts.join('');
}

function insertDump() {
  const parts = [header()];
  let bytes = 0;
  for (let i = 0; bytes < TARGET_BYTES; i++) {
    const line = `INSERT INTO public.orders (id, customer_id, note, total) VALUES (${i}, ${i % 977}, 'it''s order ${i}; note', ${(i * 1.5).toFixed(2)});\n`;
    bytes += line.length;
    parts.push(line);
  }
  return parts.join('');
}

function ddlDump() {
  const schema = readFileSync(pagila, 'utf8');
  const parts = [];
  let bytes = 0;
  while (bytes < TARGET_BYTES / 4) {
    parts.push(schema);
    bytes += schema.length;
  }
  return parts.join('\n');
}

function baseline(text) {
  let sum = 0;
  for (let i = 0; i < text.length; i++) sum += text.charCodeAt(i);
  return sum;
}

function mbPerSecond(bytes, ms) {
  return (bytes / 1e6 / (ms / 1000)).toFixed(0);
}

function best(runs, fn) {
  let fastest = Number.POSITIVE_INFINITY;
  for (let k = 0; k < runs; k++) {
    const start = process.hrtime.bigint();
    fn();
    fastest = Math.min(fastest, Number(process.hrtime.bigint() - start) / 1e6);
  }
  return fastest;
}

/** One measurement in this process: `input` split `mode` ('memory' | 'stream'), best of 3. */
async function measure(input, mode) {
  const { createSplitter, splitScript } = await import(dist.href);
  const text = INPUTS[input]();
  const bytes = Buffer.byteLength(text);
  let statements = 0;
  let ms;
  if (mode === 'memory') {
    ms = best(4, () => {
      statements = splitScript(text).length;
    });
  } else {
    // Chunks as a file stream gives them: fresh strings decoded from bytes, made before timing.
    const encoded = Buffer.from(text);
    const chunks = [];
    const decoder = new TextDecoder();
    for (let at = 0; at < encoded.length; at += CHUNK) {
      chunks.push(decoder.decode(encoded.subarray(at, at + CHUNK), { stream: true }));
    }
    ms = best(4, () => {
      statements = 0;
      const splitter = createSplitter({
        onStatement: () => {
          statements++;
        },
        onCopyData: () => undefined,
      });
      for (const chunk of chunks) splitter.push(chunk);
      splitter.end();
    });
  }
  const floor = best(3, () => baseline(text));
  return { bytes, statements, ms, floor };
}

const INPUTS = {
  'COPY data dump': copyDump,
  'INSERT dump': insertDump,
  'DDL (pagila schema)': ddlDump,
};

export async function run() {
  if (!existsSync(dist)) throw new Error('bench/split.mjs needs a build first: npm run build');
  // Each measurement in a fresh process, as each script is in real use: no heap or JIT state
  // carried over from another input.
  const self = fileURLToPath(import.meta.url);
  const results = [];
  for (const input of Object.keys(INPUTS)) {
    if (input.startsWith('DDL') && !existsSync(pagila)) continue;
    const row = { input };
    for (const mode of ['memory', 'stream']) {
      const child = spawnSync(process.execPath, [self, '--measure', input, mode], {
        encoding: 'utf8',
        maxBuffer: 1 << 20,
      });
      if (child.status !== 0) throw new Error(`bench/split.mjs ${input} ${mode}: ${child.stderr}`);
      const { bytes, statements, ms, floor } = JSON.parse(child.stdout);
      row.size = `${(bytes / 1e6).toFixed(0)} MB, ${statements} statements`;
      row[mode === 'memory' ? 'in memory' : 'streamed (64 KiB chunks)'] =
        `${mbPerSecond(bytes, ms)} MB/s`;
      row['baseline: charCodeAt loop'] = `${mbPerSecond(bytes, floor)} MB/s`;
      row[`${mode} goal`] = `> 100 MB/s: ${bytes / 1e6 / (ms / 1000) > 100 ? 'met' : 'NOT met'}`;
    }
    results.push(row);
  }
  console.log(JSON.stringify(results, null, 2));
  return results;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv[2] === '--measure') {
    console.log(JSON.stringify(await measure(process.argv[3], process.argv[4])));
  } else {
    await run();
  }
}
