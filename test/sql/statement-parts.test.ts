// The parts of COPY and INSERT statements fkdoctor rewrites: found whatever the quoting,
// comments and clauses around them.

import { describe, expect, it } from 'vitest';
import { copyFromFileInstead, findCopyFromStdin } from '../../src/sql/copy-statement.js';
import { findInsert } from '../../src/sql/insert-statement.js';

function slices(sql: string, spans: ({ start: number; end: number } | null)[]): (string | null)[] {
  return spans.map((s) => (s ? sql.slice(s.start, s.end) : null));
}

describe('findCopyFromStdin', () => {
  it('finds the table, the column list and the STDIN word', () => {
    const sql = 'COPY "My Schema".orders /* c */ (id, "Note") FROM stdin WITH (FORMAT csv);';
    const parts = findCopyFromStdin(sql)!;
    expect(slices(sql, [parts.target, parts.columns, parts.source])).toEqual([
      '"My Schema".orders',
      '(id, "Note")',
      'stdin',
    ]);
    expect(findCopyFromStdin('copy binary t from PSTDIN')).not.toBeNull();
    expect(findCopyFromStdin('copy t from stdin')!.columns).toBeNull();
  });

  it('refuses other COPY forms', () => {
    expect(findCopyFromStdin("copy t from '/tmp/x'")).toBeNull();
    expect(findCopyFromStdin('copy t to stdout')).toBeNull();
    expect(findCopyFromStdin('copy (select 1) to stdout')).toBeNull();
    expect(findCopyFromStdin('select 1')).toBeNull();
  });

  it('points COPY at a file instead of STDIN', () => {
    expect(copyFromFileInstead('COPY t (a) FROM STDIN;', "'/dev/blob'")).toBe(
      "COPY t (a) FROM '/dev/blob';",
    );
    expect(copyFromFileInstead('COPY t TO STDOUT', "'/dev/blob'")).toBeNull();
  });
});

describe('findInsert', () => {
  it('finds the target, alias, columns and each VALUES row', () => {
    const sql = `WITH x AS (INSERT INTO other VALUES (1) RETURNING 1)
      INSERT INTO public."Orders" AS o (id, note) OVERRIDING SYSTEM VALUE
      VALUES (1, 'a, (b)'), (2, $$)$$),
        (3, f(1, 2)) ON CONFLICT (id) DO NOTHING RETURNING o.id;`;
    const parts = findInsert(sql)!;
    expect(slices(sql, [parts.target, parts.columns])).toEqual(['public."Orders"', '(id, note)']);
    expect(parts).toMatchObject({ relation: 'Orders', hasAlias: true, hasOnConflict: true });
    expect(slices(sql, parts.valuesRows!)).toEqual(["(1, 'a, (b)')", '(2, $$)$$)', '(3, f(1, 2))']);
  });

  it('has no VALUES rows for INSERT ... SELECT or DEFAULT VALUES', () => {
    expect(findInsert('insert into t select * from u')).toMatchObject({
      relation: 't',
      columns: null,
      valuesRows: null,
      hasOnConflict: false,
    });
    expect(findInsert('insert into t (select 1)')!.columns).toBeNull();
    expect(findInsert('insert into t default values')!.valuesRows).toBeNull();
    expect(findInsert('update t set a = 1')).toBeNull();
  });
});
