// Every fixture a real server (PostgreSQL 15 in 13 languages, PostgreSQL 18, PGlite) and real
// drivers produced (test/fixtures/explain, made by `npm run fixtures`) must read back as the
// violation the server reported in its own structured fields, captured in the same run.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseForeignKeyViolation } from '../../src/doctor/explain/parse/index.js';
import type { Violation, ViolationKind } from '../../src/model/violation.js';

interface Expected {
  sqlstate: string;
  message: string;
  detail?: string;
  table?: string;
  constraint?: string;
  key?: {
    kind: string;
    hidden: boolean;
    table: string;
    columns?: string[];
    valuesText?: string;
    values?: string[] | null;
    ambiguous?: boolean;
  };
  english?: { message: string; detail?: string };
}

interface Fixture {
  file: string;
  server: string;
  language: string;
  format: string;
  scenario: string;
  expected: Expected;
}

const root = new URL('../fixtures/explain/', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('manifest.json', root), 'utf8')) as {
  fixtures: Fixture[];
};

// Formats that keep only the primary message (no DETAIL): terse psql, stack traces, messages.
const messageOnly = /-(terse|stack|message)$/;

function expectedKind(e: Expected): ViolationKind {
  const english = e.english?.message ?? e.message;
  const detail = e.english?.detail ?? e.detail ?? '';
  if (english.startsWith('removing partition')) return 'partition-detach';
  if (english.includes('RESTRICT setting')) return 'restrict';
  if (english.startsWith('update or delete')) return 'still-referenced';
  if (detail.startsWith('MATCH FULL')) return 'match-full';
  return 'missing-parent';
}

function check(v: Violation | null, fixture: Fixture) {
  const e = fixture.expected;
  if (fixture.format === 'drizzle-stack') {
    // Drizzle's own stack keeps only "Failed query: ..."; the server's error is in its cause.
    expect(v).toBeNull();
    return;
  }
  expect(v, 'not recognised').not.toBeNull();
  const violation = v!;
  const prisma = fixture.format.startsWith('prisma');
  const withDetail = !messageOnly.test(fixture.format) && !prisma;
  // Only the DETAIL tells MATCH FULL from a missing parent: the messages are the same.
  const fullKind = expectedKind(e);
  const kind = fullKind === 'match-full' && !withDetail ? 'missing-parent' : fullKind;

  expect(violation.kind).toBe(kind);
  expect(violation.sqlstate).toBe(e.sqlstate);
  expect(violation.constraint).toBe(e.constraint);
  const translated = e.english !== undefined && e.english.message !== e.message;
  expect(violation.language).toBe(translated || prisma ? (prisma ? 'en' : fixture.language) : 'en');

  const tableKnown =
    !(prisma && kind !== 'missing-parent') && (kind !== 'partition-detach' || withDetail);
  expect(violation.table).toBe(tableKnown ? e.table : null);

  if (!withDetail) {
    expect(violation.keyColumns).toEqual([]);
    return;
  }
  const key = e.key;
  if (kind === 'match-full' || !key) {
    expect(violation.keyColumns).toEqual([]);
    expect(violation.keyHidden).toBe(false);
    return;
  }
  expect(violation.keyHidden).toBe(key.hidden);
  if (key.hidden) {
    expect(violation.keyColumns).toEqual([]);
  } else {
    expect(violation.keyColumns).toEqual(key.columns);
    if (key.values) expect(violation.keyValues).toEqual(key.values);
    if (key.ambiguous) {
      expect(violation.keyAlternatives.length).toBeGreaterThan(1);
      for (const reading of violation.keyAlternatives)
        expect(reading.join(', ')).toBe(key.valuesText);
    }
  }
  if (kind === 'missing-parent') expect(violation.referencedTable).toBe(key.table);
  else if (kind === 'still-referenced' || kind === 'restrict')
    expect(violation.table).toBe(key.table);
}

describe.each(['pg15', 'pg18', 'pglite'])('fixtures from %s', (server) => {
  const fixtures = manifest.fixtures.filter((f) => f.server === server);
  it('has fixtures', () => expect(fixtures.length).toBeGreaterThan(50));
  it.each(fixtures.map((f) => [f.file, f] as const))('%s', (_, fixture) => {
    const text = readFileSync(new URL(fixture.file, root), 'utf8');
    check(parseForeignKeyViolation(text), fixture);
    if (fixture.file.endsWith('.json')) {
      // The library also takes the error object itself.
      check(parseForeignKeyViolation(JSON.parse(text)), fixture);
    }
  });
});
