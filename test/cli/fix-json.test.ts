// fkdoctor fix --json end to end through the built CLI: the report on stdout as one JSON
// document with the user's lines and constraint names, the script in the -o file, nothing on
// stderr; a parent no statement inserts is exit 1 with no file written; --json without -o is
// bad usage (exit 2).

import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FixJson } from '../../src/render/fix-json.js';
import { runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'fkdoctor-fix-json-'));
const examples = new URL('../doctor/script/examples/', import.meta.url).pathname;

// A deferrable cycle (departments ↔ staff) loaded staff first, and projects before the staff
// they name: two moves and one deferral.
const movesAndDeferral = `-- projects before their leads; staff and departments name each other
CREATE TABLE departments (id integer PRIMARY KEY, name text NOT NULL, manager_id integer NOT NULL);
CREATE TABLE staff (
  id integer PRIMARY KEY,
  department_id integer NOT NULL REFERENCES departments (id),
  name text NOT NULL
);
ALTER TABLE departments ADD CONSTRAINT departments_manager_id_fkey
  FOREIGN KEY (manager_id) REFERENCES staff (id) DEFERRABLE;
CREATE TABLE projects (id integer PRIMARY KEY, lead_id integer NOT NULL REFERENCES staff (id));

INSERT INTO projects VALUES (100, 1);
INSERT INTO staff VALUES (1, 10, 'Ann'), (2, 10, 'Bea');
INSERT INTO departments VALUES (10, 'Sales', 1);
`;

// Each run starts embedded databases (the schema, then the verifying run): slow on a busy machine.
describe('fkdoctor fix --json', { timeout: 240_000 }, () => {
  it('moves and a deferral: the report on stdout, the script in -o, exit 0', async () => {
    const script = join(dir, 'staff.sql');
    const output = join(dir, 'staff.fixed.sql');
    writeFileSync(script, movesAndDeferral);
    const result = await runCli(['fix', script, '--json', '-o', output]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as FixJson;
    expect(report).toMatchObject({
      format: 'fkdoctor-fix',
      file: script,
      fixed: true,
      changed: true,
      verified: true,
      output,
      unfixable: [],
      missingParents: [],
      newFailures: [],
    });
    expect(report.moves).toEqual([
      {
        line: 14,
        statement: "INSERT INTO departments VALUES (10, 'Sales', 1);",
        table: { schema: 'public', name: 'departments' },
        before: 13,
        constraint: 'staff_department_id_fkey',
      },
      {
        line: 13,
        statement: "INSERT INTO staff VALUES (1, 10, 'Ann'), (2, 10, 'Bea');",
        table: { schema: 'public', name: 'staff' },
        before: 12,
        constraint: 'projects_lead_id_fkey',
      },
    ]);
    expect(report.deferrals).toEqual([
      {
        constraints: ['departments_manager_id_fkey'],
        how: 'wrap',
        begin: null,
        commit: null,
        wrap: { first: 13, last: 14 },
        alter: [],
      },
    ]);
    // Placeholders, quarantine, mapped and refused belong to the other --missing-parents modes.
    expect(report).not.toHaveProperty('placeholders');
    expect(report).not.toHaveProperty('refused');
    const fixed = readFileSync(output, 'utf8');
    expect(fixed).toContain('SET CONSTRAINTS public.departments_manager_id_fkey DEFERRED;');
    expect(fixed.indexOf('INSERT INTO departments')).toBeLessThan(
      fixed.indexOf('INSERT INTO projects'),
    );
  });

  it('a parent no statement inserts: unfixable with file:line and key, exit 1, no file', async () => {
    const script = join(examples, 'missing-parent.sql');
    const output = join(dir, 'missing.fixed.sql');
    const result = await runCli(['fix', script, '--json', '-o', output]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    expect(existsSync(output)).toBe(false);
    const report = JSON.parse(result.stdout) as FixJson;
    expect(report).toMatchObject({ fixed: false, verified: false, output: null });
    expect(report.unfixable).toEqual([
      expect.objectContaining({
        file: script,
        line: 4,
        statement: 'INSERT INTO orders VALUES (1, 41), (2, 42);',
        table: { schema: 'public', name: 'orders' },
        constraint: 'orders_customer_id_fkey',
        reason: 'no-parent-rows',
        keys: [['42']],
        detail: 'no statement inserts customers (id) = (42); reordering cannot fix it',
      }),
    ]);
    expect(report.missingParents).toEqual([
      {
        file: script,
        line: 4,
        row: 2,
        table: { schema: 'public', name: 'orders' },
        columns: ['customer_id'],
        constraint: 'orders_customer_id_fkey',
        parentTable: { schema: 'public', name: 'customers' },
        parentColumns: ['id'],
        key: ['42'],
        parentRow: null,
      },
    ]);
    // Customer 41 still moves above its order: the moves are reported even when not fixed.
    expect(report.moves).toEqual([
      expect.objectContaining({ line: 5, before: 4, constraint: 'orders_customer_id_fkey' }),
    ]);
  });

  it('quarantine: the rows and the file they went to', async () => {
    const script = join(examples, 'missing-parents.sql');
    const output = join(dir, 'orders.fixed.sql');
    const result = await runCli([
      'fix',
      script,
      '--json',
      '-o',
      output,
      '--missing-parents',
      'quarantine',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as FixJson;
    expect(report.fixed).toBe(true);
    expect(report.quarantine?.file).toBe(join(dir, 'missing-parents.quarantine.sql'));
    expect(report.quarantine?.rows).toHaveLength(9);
    expect(report.quarantine?.rows[0]).toMatchObject({
      line: 24,
      row: 1,
      constraint: 'orders_customer_id_fkey',
      key: ['42'],
      parentRow: null,
    });
    expect(report.refused).toEqual([]);
    expect(existsSync(join(dir, 'missing-parents.quarantine.sql'))).toBe(true);
  });

  it('--json without -o: exit 2, nothing on stdout', async () => {
    const result = await runCli(['fix', join(examples, 'missing-parent.sql'), '--json']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'fkdoctor: --json prints the report on stdout: give the fixed script a file with -o FILE\n',
    );
  });
});
