// loadSchema on PGlite and every server: pagila (a real pg_dump) loads whole; a pg_dump 17.6+
// style schema with an extension the sandbox lacks and roles it does not have loads the rest,
// and says what did not load and why.

import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { loadSchema } from '../../../src/doctor/script/load-schema.js';
import { runScript } from '../../../src/doctor/script/run-statements.js';
import type { Engine } from '../../../src/engine/engine.js';
import { readCatalog } from '../../../src/engine/introspect.js';
import { splitScript } from '../../../src/sql/split/index.js';
import { engineSubjects, openForSuite } from '../../support/engines.js';
import { PAGILA } from '../../support/pagila.js';

const modernDump = String.raw`--
-- PostgreSQL database dump
--

\restrict fvn6AiaSWh0NT6fc76VM4I5s3DXPwfGBZ9BYCvYQyaSiaIgBP1aNcun8GXyojcn

SET statement_timeout = 0;
SET lock_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;

CREATE EXTENSION IF NOT EXISTS fkd_missing_extension WITH SCHEMA public;

COMMENT ON EXTENSION fkd_missing_extension IS 'not in any sandbox';

CREATE TABLE public.accounts (
    id integer NOT NULL,
    email public.fkd_missing_type
);

ALTER TABLE public.accounts OWNER TO fkd_app_owner;

CREATE TABLE public.teams (
    id integer NOT NULL,
    name text NOT NULL
);

ALTER TABLE public.teams OWNER TO postgres;

CREATE TABLE public.members (
    team_id integer NOT NULL,
    name text
);

ALTER TABLE ONLY public.teams
    ADD CONSTRAINT teams_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.members
    ADD CONSTRAINT members_team_id_fkey FOREIGN KEY (team_id) REFERENCES public.teams(id);

GRANT SELECT ON TABLE public.teams TO fkd_readers;

\unrestrict fvn6AiaSWh0NT6fc76VM4I5s3DXPwfGBZ9BYCvYQyaSiaIgBP1aNcun8GXyojcn
`;

describe.each(engineSubjects())('loadSchema on $label', (subject) => {
  let db: Engine;
  openForSuite(subject, '', (engine) => {
    db = engine;
  });

  it('loads pagila whole, and its foreign keys then check a script', async () => {
    const schema = await readFile(PAGILA, 'utf8');
    const load = await loadSchema(db, schema, splitScript(schema));
    // On a server fkdoctor keeps its own timeouts: pg_dump's two SETs of them are skipped.
    const expected = subject.server
      ? [
          ['skipped', 'SET statement_timeout = 0;'],
          ['skipped', 'SET lock_timeout = 0;'],
          ['skipped', 'SET idle_in_transaction_session_timeout = 0;'],
        ]
      : [];
    expect(load.problems.map((p) => [p.kind, p.statementText])).toEqual(expected);
    const catalog = await readCatalog(db);
    expect(catalog.foreignKeys).toHaveLength(36);

    const script = [
      "insert into city (city_id, city, country_id) values (1, 'Nowhere', 999);",
      "insert into country (country_id, country) values (999, 'Somewhere');",
      "insert into city (city_id, city, country_id) values (1, 'Nowhere', 999), (2, 'Elsewhere', 998);",
    ].join('\n');
    const outcomes = await runScript(db, script, splitScript(script));
    expect(outcomes.map((o) => o.status)).toEqual(['error', 'ok', 'error']);
    expect(outcomes[2]).toMatchObject({
      failingRows: { rows: [expect.objectContaining({ rowNumber: 2, key: ['998'] })], total: 1 },
    });
  });

  it('loads what it can of a schema with a missing extension and roles, and says why not', async () => {
    const load = await loadSchema(db, modernDump, splitScript(modernDump));
    const problems = load.problems
      .filter((p) => !(p.kind === 'skipped' && /timeout/.test(p.statementText)))
      .map((p) => [p.kind, p.line, p.statementText]);
    expect(problems).toEqual([
      ['skipped', 5, '\\restrict fvn6AiaSWh0NT6fc76VM4I5s3DXPwfGBZ9BYCvYQyaSiaIgBP1aNcun8GXyojcn'],
      ['extension', 14, 'CREATE EXTENSION IF NOT EXISTS fkd_missing_extension WITH SCHEMA public;'],
      ['extension', 16, "COMMENT ON EXTENSION fkd_missing_extension IS 'not in any sandbox';"],
      ['error', 18, 'CREATE TABLE public.accounts ( …'],
      ['error', 23, 'ALTER TABLE public.accounts OWNER TO fkd_app_owner;'],
      ['role', 43, 'GRANT SELECT ON TABLE public.teams TO fkd_readers;'],
      [
        'skipped',
        45,
        '\\unrestrict fvn6AiaSWh0NT6fc76VM4I5s3DXPwfGBZ9BYCvYQyaSiaIgBP1aNcun8GXyojcn',
      ],
    ]);
    expect(load.problems.find((p) => p.line === 18)!.message).toBe(
      'type "public.fkd_missing_type" does not exist',
    );
    // The rest is there: the FK between teams and members works.
    const script = 'insert into public.members values (1, $$orphan$$);';
    const outcomes = await runScript(db, script, splitScript(script));
    expect(outcomes[0]).toMatchObject({
      status: 'error',
      error: { code: '23503', constraint: 'members_team_id_fkey' },
    });
  });
});
