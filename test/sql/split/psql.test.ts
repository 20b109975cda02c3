// The splitter against the real psql and pg_dump: scripts with meta-commands and COPY blocks run
// through `psql -v ON_ERROR_STOP=1 -f`, and the server records each query psql sent, which must be
// the statements the splitter found; data-only dumps made by pg_dump split into their COPY blocks
// and INSERTs, row for row, and load back. Each test works in a scratch database fkd_split_<hex>.

import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScriptStatement } from '../../../src/model/script.js';
import { statementText } from '../../../src/sql/split/index.js';
import { type TestServer, testServers } from '../../support/servers.js';
import { compareWithParser } from './parser-check.js';
import { split } from './support.js';

const run = promisify(execFile);

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fkd-split-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function admin(server: TestServer, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: server.url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A scratch database `fkd_split_<hex>` on the server, dropped after `fn`. */
async function withDatabase<T>(server: TestServer, fn: (url: string) => Promise<T>): Promise<T> {
  const name = `fkd_split_${randomBytes(6).toString('hex')}`;
  await admin(server, `create database ${name}`);
  const url = new URL(server.url);
  url.pathname = `/${name}`;
  try {
    return await fn(url.toString());
  } finally {
    await admin(server, `drop database if exists ${name} with (force)`);
  }
}

async function query<T>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

/** Runs a script file through psql as a user would; throws with psql's stderr on failure. */
async function psql(url: string, script: string): Promise<string> {
  const file = join(dir, `${randomBytes(4).toString('hex')}.sql`);
  await writeFile(file, script);
  const { stdout } = await run('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-f', file, url], {
    env: { ...process.env, PGOPTIONS: '-c client_min_messages=warning' },
  });
  return stdout;
}

async function pgDump(url: string, ...args: string[]): Promise<string> {
  const { stdout } = await run('pg_dump', [...args, url], { maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

async function toolMajor(tool: string): Promise<number> {
  const { stdout } = await run(tool, ['--version']);
  return Number(/(\d+)\.\d+/.exec(stdout)![1]);
}

/**
 * Without -- comments (psql 15+ sends them, older ones do not), without the /* comments psql
 * sends before the first token (the splitter keeps those in `leading`), blanks collapsed.
 */
function normalize(sql: string): string {
  return sql
    .replace(/--[^\n]*/g, '')
    .replace(/^\s*(\/\*[\s\S]*?\*\/\s*)+/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Rows of a text-format COPY block: one per line. */
function copyRows(text: string, statement: ScriptStatement): number {
  const data = statement.copyData!;
  expect(data.format).toBe('text');
  return (
    text.slice(data.span.start, data.terminator?.start ?? data.span.end).split('\n').length - 1
  );
}

// Every query the server runs through log_query() is recorded with current_query(): the text psql
// sent, so the test compares psql's statement boundaries with the splitter's.
const loggingScript = String.raw`\set ON_ERROR_STOP 1
create table sent (n serial primary key, q text);
create function log_query() returns int language plpgsql as $$
begin insert into sent (q) values (current_query()); return 1; end $$;
create table t (a int, b text);
-- a comment; with a semicolon
select log_query() as a -- c;
\set x 1
, 2 as b;
  select log_query() \g
select log_query() \set y 2 \\ , 5;
select log_query() \; select log_query() as "x;y";
select log_query(), $$ ; $$, 'it''s; \', E'\';', "a;b".x from (select 1 as x) as "a;b";
/* block; */ select log_query() /* a /* nested ; */ */;
select log_query() as z \gset
create function f() returns int language sql begin atomic select log_query(); select 1; end;
select f();
set standard_conforming_strings = off;
select log_query(), 'back\'slash;';
reset standard_conforming_strings;
COPY t (a, b) FROM stdin;
1	one; two
2	\N
\.
COPY t FROM stdin WITH (FORMAT csv, HEADER, DELIMITER ';');
a;b
3;"three
lines \."
\.
\copy t from stdin csv
4,four
\.
copy t from stdin; select log_query() as after_copy;
5	five
\.
select log_query() -- the last one, without a semicolon
`;

describe('psql', () => {
  let servers: TestServer[] = [];
  beforeAll(async () => {
    const major = await toolMajor('psql');
    // A newer server reads COPY data differently (PostgreSQL 18 no longer ends CSV data at the
    // `\.` line an older psql passes on), so each server is driven by a psql at least as new.
    servers = testServers().filter((server) => server.major <= major);
    if (servers.length === 0) throw new Error(`no test server is as old as psql ${major}`);
  });

  it('sends the statements the splitter finds, and loads the COPY rows it finds', async () => {
    for (const server of servers) await checkLogged(server);
  });

  it('ends CSV data at a \\. line inside a quoted field, as the splitter says', async () => {
    const script =
      'create table c (a int, b text);\ncopy c from stdin with (format csv);\n1,"x\n\\.\ny"";\n';
    const { statements } = split(script);
    expect(statements[1]!.copyData!.unterminatedQuoteLine).toBe(3);
    expect(statements.map((s) => s.kind)).toEqual(['ddl', 'copy', 'other']);
    for (const server of servers) {
      await withDatabase(server, async (url) => {
        await expect(psql(url, script)).rejects.toThrow(/unterminated CSV quoted field/);
      });
    }
  });
});

async function checkLogged(server: TestServer): Promise<void> {
  const { statements } = split(loggingScript);
  // Every select that runs log_query(), directly or through f().
  const expected = statements
    .filter((s) => s.kind === 'select' && /log_query|f\(\)/.test(statementText(loggingScript, s)))
    .map((s) => normalize(statementText(loggingScript, s)));
  expect(expected).toHaveLength(11);
  expect(statements.filter((s) => s.copyData).map((s) => s.target?.name)).toEqual([
    't',
    't',
    't',
    't',
  ]);
  await withDatabase(server, async (url) => {
    await psql(url, loggingScript);
    const sent = await query<{ q: string }>(url, 'select q from sent order by n');
    // `select 1 \; select 2` is one query string, run (and logged) twice.
    const queries = sent.map((row) => normalize(row.q)).filter((q, k, all) => q !== all[k - 1]);
    expect(queries).toEqual(expected);
    const [row] = await query<{ count: string }>(url, 'select count(*) from t');
    expect(Number(row!.count)).toBe(5);
  });
}

describe('pg_dump output', () => {
  let dumpable: TestServer[] = [];
  beforeAll(async () => {
    const major = await toolMajor('pg_dump');
    // pg_dump refuses servers newer than itself.
    dumpable = testServers().filter((server) => server.major <= major);
    if (dumpable.length === 0) throw new Error(`no test server is as old as pg_dump ${major}`);
  });

  const schema = String.raw`
create schema shop;
create table shop.customers (id int primary key, name text, note text);
create table shop."Order Lines" (
  id int primary key, customer_id int references shop.customers, qty numeric, data jsonb);
create table public.weird ("a;b" text, "c""d" text, "Zoë 😀" text);
create function shop.total(c int) returns numeric language sql
  begin atomic select sum(qty) from shop."Order Lines" where customer_id = c; end;
`;
  const data = String.raw`
insert into shop.customers
  select g, 'customer ' || g, case g % 4 when 0 then null when 1 then E'tab\there' else 'it''s' end
  from generate_series(1, 300) g;
insert into shop."Order Lines"
  select g, 1 + g % 300, g * 1.5, jsonb_build_object('k', E'a\nb\\c', 'semi', ';')
  from generate_series(1, 500) g;
insert into public.weird values
  (E'new\nline', E'\\.', 'Zoë 😀'), (E'\n\\.\n', 'semi;colon', '$$ $x$'), (null, E'back\\slash', '');
`;
  const rowsPerTable = { 'public.weird': 3, 'shop.Order Lines': 500, 'shop.customers': 300 };

  it('splits a data-only dump into its COPY blocks, row for row, and psql loads it back', async () => {
    for (const server of dumpable) {
      await withDatabase(server, async (source) => {
        await psql(source, schema + data);
        const dump = await pgDump(source, '--data-only');
        const { statements } = split(dump);
        const copies = statements.filter((s) => s.kind === 'copy');
        const counts = Object.fromEntries(
          copies.map((s) => [`${s.target!.schema}.${s.target!.name}`, copyRows(dump, s)]),
        );
        expect(counts).toEqual(rowsPerTable);
        expect(statements.every((s) => !s.unterminated)).toBe(true);
        compareWithParser(dump);
        await withDatabase(server, async (target) => {
          await psql(target, schema);
          await psql(target, dump);
          const [row] = await query<{ n: string }>(
            target,
            'select (select count(*) from shop."Order Lines") + (select count(*) from public.weird) as n',
          );
          expect(Number(row!.n)).toBe(503);
        });
      });
    }
  });

  it('splits INSERT dumps into one statement per row', async () => {
    for (const server of dumpable) {
      await withDatabase(server, async (source) => {
        await psql(source, schema + data);
        for (const flag of ['--inserts', '--column-inserts']) {
          const dump = await pgDump(source, '--data-only', flag);
          const perTable = new Map<string, number>();
          for (const s of split(dump).statements.filter((s) => s.kind === 'insert')) {
            const key = `${s.target!.schema}.${s.target!.name}`;
            perTable.set(key, (perTable.get(key) ?? 0) + 1);
          }
          expect(Object.fromEntries(perTable)).toEqual(rowsPerTable);
          compareWithParser(dump);
        }
      });
    }
  });

  it('splits a whole dump (schema and data) as the server parser does', async () => {
    for (const server of dumpable) {
      await withDatabase(server, async (source) => {
        await psql(source, schema + data);
        expect(compareWithParser(await pgDump(source))).toBeGreaterThan(10);
      });
    }
  });
});
