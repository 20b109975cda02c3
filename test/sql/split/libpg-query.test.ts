// The splitter against PostgreSQL's own parser: see parser-check.ts.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PAGILA } from '../../support/pagila.js';
import { compareWithParser } from './parser-check.js';

const pagila = readFileSync(PAGILA, 'utf8');

describe('the splitter agrees with the PostgreSQL parser', () => {
  it('on the pagila schema (real pg_dump output)', () => {
    expect(compareWithParser(pagila)).toBeGreaterThan(200);
  });

  it('on statements of every kind', () => {
    const script = [
      'INSERT INTO t VALUES (1);',
      'insert into "Sales"."Order ""Lines""" as l (a) values (1) on conflict do nothing;',
      'INSERT INTO U&"d\\0061t\\+000061" VALUES (1);',
      'INSERT INTO U&"d!0061ta" UESCAPE \'!\' VALUES (1);',
      'insert into ÉTÉ values (1);',
      `insert into "${'é'.repeat(40)}" values (1);`,
      'WITH x AS (SELECT 1) INSERT INTO s.t SELECT * FROM x;',
      'with recursive r(n) as (select 1 union all select n + 1 from r) select * from r;',
      'WITH a AS MATERIALIZED (SELECT 1), b AS NOT MATERIALIZED (SELECT 2) UPDATE t SET x = 1;',
      'with update as (select 1) delete from t;',
      'UPDATE ONLY s.t SET x = 1;',
      'UPDATE s.t * SET x = 1;',
      'update t as x set a = 1 from u where u.id = x.id;',
      'DELETE FROM ONLY s.t WHERE true;',
      'TRUNCATE TABLE ONLY a, s.b *, "C" RESTART IDENTITY CASCADE;',
      'TRUNCATE t;',
      'MERGE INTO s.t USING u ON t.id = u.id WHEN MATCHED THEN DELETE;',
      "COPY t FROM '/tmp/x' WITH (FORMAT csv);",
      'COPY t TO STDOUT;',
      'COPY (SELECT 1) TO STDOUT;',
      'SELECT 1;',
      '(SELECT 1) UNION (SELECT 2);',
      'VALUES (1), (2);',
      'TABLE t;',
      "SELECT pg_catalog.set_config('search_path', '', false);",
      'SET search_path = public;',
      'SET LOCAL statement_timeout TO 0;',
      'SET CONSTRAINTS ALL DEFERRED;',
      'SET TRANSACTION ISOLATION LEVEL SERIALIZABLE;',
      'RESET ALL;',
      'BEGIN;',
      'START TRANSACTION READ ONLY;',
      'COMMIT;',
      'END;',
      'ROLLBACK TO SAVEPOINT s;',
      'ABORT;',
      'SAVEPOINT s;',
      'RELEASE SAVEPOINT s;',
      "PREPARE TRANSACTION 'x';",
      "COMMIT PREPARED 'x';",
      'PREPARE q AS SELECT 1;',
      'EXECUTE q;',
      'DO $$BEGIN PERFORM 1; END$$;',
      "DO LANGUAGE plpgsql $do$ BEGIN RAISE NOTICE '%', ';'; END $do$;",
      'CALL p(1);',
      'CREATE TABLE t (id int PRIMARY KEY, "x;y" text DEFAULT \';\');',
      'CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT CASE WHEN a > 0 THEN 1 ELSE 2 END; END;',
      'CREATE OR REPLACE PROCEDURE p(a int) LANGUAGE sql BEGIN ATOMIC INSERT INTO t VALUES (a); END;',
      "CREATE FUNCTION g() RETURNS text AS $body$ SELECT 'x''; $$'; $body$ LANGUAGE sql;",
      'ALTER TABLE t ADD CONSTRAINT f FOREIGN KEY (x) REFERENCES u (id) NOT VALID;',
      'DROP TABLE IF EXISTS t CASCADE;',
      "COMMENT ON TABLE t IS 'a; b';",
      'GRANT SELECT ON t TO PUBLIC;',
      'REVOKE ALL ON t FROM PUBLIC;',
      "SECURITY LABEL FOR x ON TABLE t IS 'y';",
      'CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO u VALUES (1); INSERT INTO u VALUES (2));',
      'CREATE INDEX ON t (x);',
      'CREATE VIEW v AS SELECT 1;',
      'ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO PUBLIC;',
      'EXPLAIN ANALYZE INSERT INTO t VALUES (1);',
      'ANALYZE t;',
      'VACUUM (VERBOSE) t;',
      'LOCK TABLE t IN SHARE MODE;',
      'REFRESH MATERIALIZED VIEW m;',
      'NOTIFY c;',
      ';',
      "select E'\\';', U&'\\0041;', B'01', X'1F', N'n;', $$;$$, $a$ $$ ; $a$, 1e5, \"q;\" from t;",
      'select /* a /* b; */ c; */ 1 -- x;\n;',
      "select 'a'\n'b';",
      'select 1 as "🚀 räume";',
      'select 1',
    ].join('\n');
    compareWithParser(script);
  });

  it('with meta-commands and COPY data blanked out', () => {
    const script = [
      '\\restrict k',
      'SET client_encoding = UTF8;',
      'COPY public.t (a, b) FROM stdin;',
      '1\tx;y',
      '\\.',
      'insert into t',
      "\\echo 'in; side'",
      'values (1);',
      'select 1 \\gset',
      'COPY t FROM stdin CSV;',
      '1,"a;',
      'b"',
      '\\.',
      '\\unrestrict k',
    ].join('\n');
    expect(compareWithParser(script)).toBe(5);
  });
});
