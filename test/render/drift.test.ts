// The drift renderings of a hand-made report: names with pipes, backticks, quotes and line
// breaks survive the text, Markdown, JSON and SQL forms; an empty report says there is no drift.

import { describe, expect, it } from 'vitest';
import type { DriftReport } from '../../src/doctor/drift/drift-report.js';
import type { Finding } from '../../src/model/finding.js';
import { renderDriftJson } from '../../src/render/drift-json.js';
import { renderDriftMarkdown } from '../../src/render/drift-markdown.js';
import { renderDriftSql } from '../../src/render/drift-sql.js';
import { renderDriftText } from '../../src/render/drift-text.js';
import { plain } from '../../src/render/style.js';

const finding: Finding = {
  check: 'drift-extra',
  severity: 'warning',
  table: '"odd|schema"."t`1"',
  constraint: 'fk "x"|y',
  message: 'the message with a | pipe and `ticks`',
  fix: 'ALTER TABLE "odd|schema"."t`1" DROP CONSTRAINT IF EXISTS "fk ""x""|y";',
};

const report = (findings: Finding[]): DriftReport => ({
  a: {
    label: 'staging',
    source: 'a.sql\nsecond line',
    serverVersion: 'PostgreSQL 18',
    tables: 2,
    foreignKeys: 1,
  },
  b: {
    label: 'prod',
    source: 'PostgreSQL 15 at postgres://u:***@h/db',
    serverVersion: 'PostgreSQL 15',
    tables: 2,
    foreignKeys: 2,
  },
  schemas: null,
  counts: {
    error: findings.filter((f) => f.severity === 'error').length,
    warning: findings.filter((f) => f.severity === 'warning').length,
    info: findings.filter((f) => f.severity === 'info').length,
  },
  findings,
});

describe('drift renderings', () => {
  it('text: the sides, each finding with its fix; no drift said as such', () => {
    const text = renderDriftText(report([finding]), plain);
    expect(text).toContain(
      '\n  prod (B, the fixes are for it): PostgreSQL 15 at postgres://u:***@h/db, 2 foreign keys, 2 tables\n',
    );
    expect(text).toContain(
      '\n1 finding: 1 warning\n\nwarning drift-extra "odd|schema"."t`1" "fk ""x""|y"\n  the message with a | pipe and `ticks`\n    ALTER TABLE',
    );
    expect(text).toContain(
      '\n  staging (A, the reference): a.sql second line, 1 foreign key, 2 tables\n',
    );
    expect(renderDriftText(report([]), plain)).toMatch(
      /\nNo drift: prod's 2 foreign keys and their indexes match staging's\.\n$/,
    );
  });

  it('markdown: table cells keep pipes and backticks inside code spans', () => {
    const markdown = renderDriftMarkdown(report([finding]));
    expect(markdown).toContain(
      '| warning | `drift-extra` | ``"odd\\|schema"."t`1"`` | `"fk ""x""\\|y"` | the message with a \\| pipe and `ticks` |',
    );
    expect(markdown).toContain('| staging (reference) | a.sql second line | 1 | 2 |');
    expect(markdown).toContain('```sql\n-- drift-extra: the message');
  });

  it('json: { findings } with the sides and counts', () => {
    const json = JSON.parse(renderDriftJson(report([finding])));
    expect(json).toEqual({
      format: 'fkdoctor-drift',
      version: 1,
      a: report([]).a,
      b: report([]).b,
      schemas: null,
      counts: { error: 0, warning: 1, info: 0 },
      findings: [finding],
    });
  });

  it('sql: a line break in a name cannot end a comment', () => {
    const sql = renderDriftSql(report([finding]));
    expect(sql.split('\n')[0]).toBe(
      '-- fkdoctor drift: makes prod (PostgreSQL 15 at postgres://u:***@h/db) match staging (a.sql second line).',
    );
    expect(sql).toContain(`\n${finding.fix}\n`);
    expect(renderDriftSql(report([]))).toMatch(/-- No drift: nothing to do\.\n$/);
  });
});
