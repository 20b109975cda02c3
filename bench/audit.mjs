// audit without orphan scanning (--no-rows) on a generated schema of 1,000 tables and 2,000
// FKs on the real server, as a whole process. Goal: under 3 s. Baseline, in the same run:
// `pg_dump --schema-only` of the same database (another tool reading the whole schema).

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compare, timeProcess } from './lib.mjs';

const cli = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
const server =
  process.env.FKDOCTOR_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const TABLES = 1000;
const FKS_PER_TABLE = 2;

/**
 * Table i references two earlier tables (so 2,000 FKs less the first two tables' share, made up
 * by a few cycles closed with nullable columns); every third FK has an index, every seventh a
 * bigint column referencing an integer key, every 50th table a composite FK.
 */
export function schemaSql() {
  const lines = ['create schema bench;', 'set search_path = bench;'];
  let fks = 0;
  for (let i = 1; i <= TABLES; i++) {
    const name = `t${String(i).padStart(4, '0')}`;
    lines.push(
      `create table ${name} (id integer primary key, code text not null, a integer, b bigint, c integer, unique (id, code));`,
    );
    for (let k = 1; k <= FKS_PER_TABLE && i > k; k++) {
      const parent = `t${String(((i * 7 + k * 13) % (i - 1)) + 1).padStart(4, '0')}`;
      const column = k === 1 ? 'a' : i % 7 === 0 ? 'b' : 'c';
      lines.push(
        `alter table ${name} add constraint ${name}_${column}_fk${k} foreign key (${column}) references ${parent} (id);`,
      );
      if (fks % 3 === 0) lines.push(`create index on ${name} (${column});`);
      fks++;
    }
  }
  // Close cycles until there are 2,000 FKs: t0001..t0003 reference later tables.
  for (let i = 1; fks < TABLES * FKS_PER_TABLE; i++) {
    const name = `t${String(i).padStart(4, '0')}`;
    const parent = `t${String(TABLES - i).padStart(4, '0')}`;
    lines.push(
      `alter table ${name} add constraint ${name}_cycle_fk foreign key (c) references ${parent} (id);`,
    );
    fks++;
  }
  return { sql: `${lines.join('\n')}\n`, fks };
}

export async function run() {
  const database = `fkd_bench_audit_${process.pid}`;
  const admin = (sql) => execFileSync('psql', ['-X', '-q', '-d', server, '-c', sql]);
  admin(`create database ${database}`);
  const url = new URL(server);
  url.pathname = `/${database}`;
  const dir = mkdtempSync(join(tmpdir(), 'fkdoctor-bench-audit-'));
  try {
    const { sql, fks } = schemaSql();
    const file = join(dir, 'schema.sql');
    writeFileSync(file, sql);
    execFileSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url.toString(), '-f', file]);
    execFileSync('psql', ['-X', '-q', '-d', url.toString(), '-c', 'analyze']);
    const env = { ...process.env, NO_COLOR: '1' };
    return compare({
      name: `audit --no-rows: ${TABLES} tables, ${fks} FKs (real server, whole process)`,
      a: {
        label: 'fkdoctor audit --no-rows',
        run: () =>
          timeProcess(
            process.execPath,
            [cli, 'audit', '--db', url.toString(), '--no-rows', '--json', '--fail-on', 'none'],
            { env },
          ),
      },
      b: {
        label: 'pg_dump --schema-only',
        run: () => timeProcess('pg_dump', ['--schema-only', '-d', url.toString()], { env }),
      },
      runs: 7,
      goal: (ms) => `median < 3000 ms: ${ms < 3000 ? 'met' : 'NOT met'}`,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
    admin(`drop database if exists ${database} with (force)`);
  }
}
