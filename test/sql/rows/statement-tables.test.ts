// statementTables: a corpus of statements with hand-reasoned answers. Names are written
// `schema.name`, or bare when the statement leaves them unqualified.

import { beforeAll, describe, expect, it } from 'vitest';
import {
  loadStatementParser,
  StatementParseError,
  type StatementTables,
  statementTables,
  statementTablesSync,
  type TableRef,
} from '../../../src/sql/rows/statement-tables.js';

beforeAll(async () => {
  await loadStatementParser();
});

function names(refs: TableRef[]): string[] {
  return refs.map((r) => (r.schema === null ? r.name : `${r.schema}.${r.name}`)).sort();
}

interface Expected {
  kind: StatementTables['kind'];
  writes?: string[];
  reads?: string[];
  sequences?: string[];
  opaque?: boolean;
}

function check(sql: string, expected: Expected): void {
  const tables = statementTablesSync(sql);
  expect({
    kind: tables.kind,
    writes: names(tables.writes),
    reads: names(tables.reads),
    sequences: names(tables.sequences),
    opaque: tables.opaque,
  }).toEqual({
    kind: expected.kind,
    writes: (expected.writes ?? []).sort(),
    reads: (expected.reads ?? []).sort(),
    sequences: (expected.sequences ?? []).sort(),
    opaque: expected.opaque ?? false,
  });
}

const corpus: [string, Expected][] = [
  // Data statements.
  ["INSERT INTO public.t VALUES (1, 'a');", { kind: 'insert', writes: ['public.t'] }],
  [
    'INSERT INTO "Sales"."Order" (id) SELECT id FROM staging.orders o JOIN customers c ON c.id = o.cid;',
    { kind: 'insert', writes: ['Sales.Order'], reads: ['customers', 'staging.orders'] },
  ],
  [
    'INSERT INTO t (id) VALUES ((SELECT max(id) + 1 FROM t)) ON CONFLICT (id) DO UPDATE SET n = (SELECT n FROM defaults LIMIT 1);',
    { kind: 'insert', writes: ['t'], reads: ['defaults', 't'] },
  ],
  [
    'UPDATE orders o SET total = s.total FROM sums s, LATERAL (SELECT 1 FROM audit a WHERE a.id = o.id) x WHERE o.id = s.id AND EXISTS (SELECT 1 FROM flags);',
    { kind: 'update', writes: ['orders'], reads: ['audit', 'flags', 'sums'] },
  ],
  [
    'DELETE FROM ONLY public.parent p USING public.child c WHERE c.pid = p.id RETURNING (SELECT 1 FROM r);',
    { kind: 'delete', writes: ['public.parent'], reads: ['public.child', 'r'] },
  ],
  [
    'MERGE INTO stock s USING incoming i ON s.id = i.id WHEN MATCHED THEN UPDATE SET n = s.n + i.n WHEN NOT MATCHED THEN INSERT VALUES (i.id, i.n);',
    { kind: 'merge', writes: ['stock'], reads: ['incoming'] },
  ],
  [
    'SELECT * FROM a, b.c WHERE x IN (SELECT y FROM d);',
    { kind: 'select', reads: ['a', 'b.c', 'd'] },
  ],
  ['SELECT * INTO backup FROM a;', { kind: 'select', writes: ['backup'], reads: ['a'] }],
  ['TRUNCATE a, s.b;', { kind: 'truncate', writes: ['a', 's.b'] }],
  ['TRUNCATE a CASCADE;', { kind: 'truncate', writes: ['a'], opaque: true }],
  ['COPY public.t (a, b) FROM stdin;', { kind: 'copy', writes: ['public.t'] }],
  ['COPY t TO stdout;', { kind: 'copy', reads: ['t'] }],
  ['COPY (SELECT * FROM u JOIN v USING (id)) TO stdout;', { kind: 'copy', reads: ['u', 'v'] }],
  // CTEs: a CTE name is not a table, except where it is not in scope.
  [
    'WITH x AS (SELECT * FROM src) INSERT INTO dst SELECT * FROM x;',
    { kind: 'insert', writes: ['dst'], reads: ['src'] },
  ],
  [
    'WITH moved AS (DELETE FROM queue WHERE done RETURNING *) INSERT INTO archive SELECT * FROM moved;',
    { kind: 'insert', writes: ['archive', 'queue'] },
  ],
  ['WITH a AS (SELECT * FROM a) SELECT * FROM a;', { kind: 'select', reads: ['a'] }],
  [
    'WITH a AS (SELECT 1), b AS (SELECT * FROM a) SELECT * FROM b, public.a;',
    { kind: 'select', reads: ['public.a'] },
  ],
  [
    'WITH RECURSIVE tree AS (SELECT id FROM emp WHERE boss IS NULL UNION ALL SELECT e.id FROM emp e JOIN tree t ON e.boss = t.id) SELECT * FROM tree;',
    { kind: 'select', reads: ['emp'] },
  ],
  [
    'SELECT * FROM (WITH inner_cte AS (SELECT 1) SELECT * FROM inner_cte) s, inner_cte;',
    { kind: 'select', reads: ['inner_cte'] },
  ],
  [
    'WITH u AS (UPDATE accounts SET n = 0 RETURNING id) UPDATE log SET seen = true FROM u WHERE log.id = u.id;',
    { kind: 'update', writes: ['accounts', 'log'] },
  ],
  // Functions: built-ins are fine, anything else could touch any table.
  [
    'SELECT pg_catalog.setval(\'public."Emp_id_seq"\', 42, true);',
    { kind: 'select', sequences: ['public.Emp_id_seq'] },
  ],
  [
    "SELECT setval('emp_id_seq'::regclass, (SELECT max(id) FROM emp));",
    { kind: 'select', sequences: ['emp_id_seq'], reads: ['emp'] },
  ],
  [
    "INSERT INTO t (id, at) VALUES (nextval('t_seq'), now());",
    { kind: 'insert', writes: ['t'], sequences: ['t_seq'] },
  ],
  ["SELECT pg_catalog.set_config('search_path', '', false);", { kind: 'select' }],
  ['SELECT audit.log_change(1);', { kind: 'select', opaque: true }],
  ['INSERT INTO t VALUES (my_default());', { kind: 'insert', writes: ['t'], opaque: true }],
  ['SELECT * FROM generate_series(1, 3) g JOIN t ON t.id = g;', { kind: 'select', reads: ['t'] }],
  [
    "SELECT query_to_xml('select * from secret', true, true, '');",
    { kind: 'select', opaque: true },
  ],
  // Procedural code.
  ['DO $$ BEGIN INSERT INTO t VALUES (1); END $$;', { kind: 'procedural', opaque: true }],
  ['CALL refresh_all();', { kind: 'procedural', opaque: true }],
  ['EXECUTE prepared_insert(1);', { kind: 'other', opaque: true }],
  // Session and transaction statements.
  ["SET client_encoding = 'UTF8';", { kind: 'set' }],
  ['SET CONSTRAINTS ALL DEFERRED;', { kind: 'set' }],
  ['BEGIN;', { kind: 'transaction' }],
  ['COMMIT;', { kind: 'transaction' }],
  ['LOCK TABLE a, b IN SHARE MODE;', { kind: 'other', reads: ['a', 'b'] }],
  [
    'EXPLAIN ANALYZE INSERT INTO t SELECT * FROM u;',
    { kind: 'other', writes: ['t'], reads: ['u'] },
  ],
  // DDL: the relations it names count as written.
  ['ALTER TABLE ONLY public.t DISABLE TRIGGER ALL;', { kind: 'ddl', writes: ['public.t'] }],
  [
    'ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (cid) REFERENCES customers (id);',
    { kind: 'ddl', writes: ['customers', 'orders'] },
  ],
  [
    'CREATE TABLE t (id int PRIMARY KEY, p int REFERENCES parent);',
    { kind: 'ddl', writes: ['parent', 't'] },
  ],
  ['CREATE TABLE t2 AS SELECT * FROM t1;', { kind: 'ddl', writes: ['t2'], reads: ['t1'] }],
  ['CREATE VIEW v AS SELECT * FROM t;', { kind: 'ddl', writes: ['v'], reads: ['t'] }],
  ['CREATE INDEX ON s.t (a);', { kind: 'ddl', writes: ['s.t'] }],
  ['DROP TABLE a, s.b;', { kind: 'ddl', writes: ['a', 's.b'] }],
  ['DROP TABLE a CASCADE;', { kind: 'ddl', writes: ['a'], opaque: true }],
  ['DROP FUNCTION f();', { kind: 'ddl' }],
  ["COMMENT ON TABLE t IS 'x';", { kind: 'ddl' }],
  ['GRANT SELECT ON t TO someone;', { kind: 'ddl', writes: ['t'] }],
  ['CREATE EXTENSION IF NOT EXISTS citext;', { kind: 'ddl', opaque: true }],
  ['REFRESH MATERIALIZED VIEW mv;', { kind: 'ddl', writes: ['mv'], opaque: true }],
  [
    'CREATE RULE r AS ON INSERT TO t DO INSTEAD NOTHING;',
    { kind: 'ddl', writes: ['t'], opaque: true },
  ],
  // Nothing at all.
  ['-- just a comment', { kind: 'other' }],
];

describe('statementTables', () => {
  it.each(corpus)('%s', (sql, expected) => {
    check(sql, expected);
  });

  it('keeps raw names: quoted case, unicode, no quotes', () => {
    const tables = statementTablesSync(
      'INSERT INTO "My Schema"."Ünïcode ""T""" SELECT * FROM Mixed;',
    );
    expect(tables.writes).toEqual([{ schema: 'My Schema', name: 'Ünïcode "T"' }]);
    expect(tables.reads).toEqual([{ schema: null, name: 'mixed' }]);
  });

  it('says why a statement is opaque', () => {
    expect(statementTablesSync('SELECT audit.log(1); CALL x.y();').opaqueReasons).toEqual([
      'function audit.log()',
      'CALL x.y',
    ]);
  });

  it('has an async form that needs no loading', async () => {
    expect((await statementTables('DELETE FROM t')).writes).toEqual([{ schema: null, name: 't' }]);
  });

  it('reports SQL that does not parse, with the position', () => {
    let caught: unknown;
    try {
      statementTablesSync('INSERT INTO t VALUES (1');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(StatementParseError);
    expect((caught as StatementParseError).position).toBe(23);
  });
});
