// fk-cycle-not-deferrable beyond its examples: the grading (a cycle of tables is a warning, a
// self-reference info), and that the fix really lets a transaction load the tables one at a
// time, also when the FK made DEFERRABLE is on a partitioned table.

import { beforeAll, describe, expect, it } from 'vitest';
import { fkCycleNotDeferrable } from '../../../src/doctor/audit/checks/fk-cycle-not-deferrable.js';
import type { Engine } from '../../../src/engine/engine.js';
import { engineSubjects } from '../../support/engines.js';
import { auditSubject } from './audit-subject.js';

const subjects = engineSubjects();

describe.each(subjects.map((s) => [s.label, s] as const))(
  'fk-cycle-not-deferrable on %s',
  (_, subject) => {
    const load = auditSubject(subject, 't');
    let engine: Engine;
    beforeAll(() => {
      engine = load.engine();
    });

    async function audit(sql: string) {
      const loaded = await load(fkCycleNotDeferrable, `${sql}; analyze;`);
      const run = () => loaded.audit();
      return { schema: loaded.schema, run, findings: await run() };
    }

    it('grades a cycle of tables as a warning and a self-reference in it as info', async () => {
      const { schema, findings } = await audit(`
        create table hen (id int primary key, egg_id int not null, mother_id int not null references hen);
        create table egg (id int primary key, hen_id int not null references hen);
        alter table hen add constraint hen_egg_fkey foreign key (egg_id) references egg`);
      expect(findings.map((f) => [f.severity, f.table, f.constraint])).toEqual([
        ['warning', `${schema}.egg`, 'egg_hen_id_fkey'],
        ['info', `${schema}.hen`, 'hen_mother_id_fkey'],
      ]);
      expect(findings[0]?.tables).toEqual([`${schema}.egg`, `${schema}.hen`]);
      expect(findings[0]?.constraints).toEqual([
        'egg_hen_id_fkey',
        'hen_egg_fkey',
        'hen_mother_id_fkey',
      ]);
      expect(findings[1]?.message).toContain('root rows referencing themselves');
    });

    it('defers the FK on the partitioned table when it has the fewest rows, and then loads', async () => {
      const { schema, run, findings } = await audit(`
        create table shop (id int primary key, first_sale_day date not null, first_sale_shop int not null);
        create table sale (shop_id int not null references shop, day date not null,
          primary key (day, shop_id)) partition by range (day);
        create table sale_2026 partition of sale for values from ('2026-01-01') to ('2027-01-01');
        alter table shop add constraint shop_first_sale
          foreign key (first_sale_day, first_sale_shop) references sale;
        with s as (insert into shop select g, '2026-01-01', g from generate_series(1, 200) g)
        insert into sale select g, '2026-01-01' from generate_series(1, 200) g;
        delete from sale where false`);
      // 200 rows each: the tie goes to the FK with fewer columns, sale_shop_id_fkey.
      expect(findings.map((f) => [f.severity, f.table, f.constraint])).toEqual([
        ['warning', `${schema}.sale`, 'sale_shop_id_fkey'],
      ]);
      for (const fix of findings.map((f) => f.fix!)) await engine.exec(fix);
      expect(await run()).toEqual([]);
      // One table at a time now works in a transaction that defers the FK.
      await engine.transaction(async (tx) => {
        await tx.exec(`set constraints ${schema}.sale_shop_id_fkey deferred`);
        await tx.exec(`insert into sale values (500, '2026-02-01')`);
        await tx.exec(`insert into shop values (500, '2026-02-01', 500)`);
      });
      const { rows } = await engine.query<{ n: number }>(
        'select count(*)::int as n from sale_2026 where shop_id = 500',
      );
      expect(rows).toEqual([{ n: 1 }]);
    });

    it('makes a NOT NULL self-reference deferrable with its info fix', async () => {
      const { run, findings } = await audit(
        'create table node (id int primary key, parent_id int not null references node)',
      );
      expect(findings.map((f) => f.severity)).toEqual(['info']);
      await engine.exec(findings[0]!.fix!);
      expect(await run()).toEqual([]);
    });
  },
);
