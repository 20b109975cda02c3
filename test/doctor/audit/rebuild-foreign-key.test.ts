// The rebuilt definition is the server's own: with no changes, foreignKeyDefinition prints what
// pg_get_constraintdef prints (less NOT VALID), for odd names, every clause and PG 18's PERIOD.

import { describe, expect, it } from 'vitest';
import {
  definitionHead,
  foreignKeyDefinition,
} from '../../../src/doctor/audit/rebuild-foreign-key.js';
import type { Engine } from '../../../src/engine/engine.js';
import { readCatalog } from '../../../src/engine/introspect.js';
import { engineSubjects, openForSuite } from '../../support/engines.js';

const schema = `create schema rb; set search_path = rb;
  create table "Odd ""P""" ("I d" int, "(x)" int, primary key ("I d", "(x)"), unique ("(x)"));
  create table c ("a b" int, "c(" int,
    constraint one foreign key ("a b", "c(") references "Odd ""P""" match full
      on update cascade on delete set null deferrable initially deferred,
    constraint two foreign key ("c(", "a b") references "Odd ""P""" ("(x)", "I d")
      on delete set default ("a b") on update restrict deferrable,
    constraint three foreign key ("c(") references "Odd ""P""" ("(x)") on delete cascade);
  alter table c add constraint "four ""q""" foreign key ("a b", "c(") references "Odd ""P""" not valid;`;

describe('definitionHead', () => {
  it('stops after the referenced columns, whatever the quoted names hold', () => {
    expect(
      definitionHead('FOREIGN KEY ("a)", b) REFERENCES s."p(("("x)", y) ON DELETE CASCADE'),
    ).toBe('FOREIGN KEY ("a)", b) REFERENCES s."p(("("x)", y)');
  });
});

describe.each(engineSubjects().map((s) => [s.label, s] as const))('on %s', (_, subject) => {
  let engine: Engine;
  openForSuite(subject, schema, (e) => {
    engine = e;
  });

  it('prints each FK as the server does', async () => {
    const catalog = await readCatalog(engine);
    const fks = catalog.foreignKeys.filter((fk) => fk.table.schema === 'rb');
    expect(fks).toHaveLength(4);
    for (const fk of fks) {
      expect(foreignKeyDefinition(fk)).toBe(fk.definition.replace(/ NOT VALID$/, ''));
    }
  });

  it('keeps PERIOD in a temporal FK (PG 18)', async () => {
    const catalog = await readCatalog(engine);
    if (catalog.serverVersionNum < 180000) return;
    // Range columns only: an int key would need btree_gist, which PGlite does not ship.
    await engine.exec(`create table rb.rooms (id int4range, during tstzrange,
        primary key (id, during without overlaps));
      create table rb.stays (room int4range, during tstzrange,
        foreign key (room, period during) references rb.rooms (id, period during));`);
    const fk = (await readCatalog(engine)).foreignKeys.find((f) => f.table.name === 'stays')!;
    expect(foreignKeyDefinition(fk, { match: 'simple' })).toBe(fk.definition);
    expect(definitionHead(fk.definition)).toMatch(/PERIOD during\)$/);
  });
});
