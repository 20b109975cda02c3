// fk-enforcement-disabled beyond its examples: which side and which triggers a finding names,
// and PostgreSQL 18 NOT ENFORCED (info), which the examples cannot show since they also run on
// older servers.

import { beforeAll, describe, expect, it } from 'vitest';
import { fkEnforcementDisabled } from '../../../src/doctor/audit/checks/fk-enforcement-disabled.js';
import type { Engine } from '../../../src/engine/engine.js';
import { engineSubjects } from '../../support/engines.js';
import { auditSubject } from './audit-subject.js';

const subjects = engineSubjects();

describe.each(subjects.map((s) => [s.label, s] as const))(
  'fk-enforcement-disabled on %s',
  (_, subject) => {
    const load = auditSubject(subject, 't');
    let engine: Engine;
    beforeAll(() => {
      engine = load.engine();
    });

    async function audit(sql: string) {
      const loaded = await load(fkEnforcementDisabled, sql);
      const run = () => loaded.audit();
      return { schema: loaded.schema, run, findings: await run() };
    }

    it('names both tables and the side of each disabled trigger', async () => {
      const { schema, findings } = await audit(`
      create table customers (id int primary key);
      create table orders (id int primary key, customer_id int references customers);
      alter table orders disable trigger all;
      alter table customers disable trigger all;`);
      expect(findings).toHaveLength(1);
      const [finding] = findings;
      expect(finding?.tables).toEqual([`${schema}.orders`, `${schema}.customers`]);
      const triggers = finding?.details?.triggers as Array<{ table: string; side: string }>;
      expect(triggers.map((t) => [t.table, t.side])).toEqual([
        [`${schema}.customers`, 'referenced'],
        [`${schema}.customers`, 'referenced'],
        [`${schema}.orders`, 'referencing'],
        [`${schema}.orders`, 'referencing'],
      ]);
      expect(finding?.message).toContain('inserts and updates of');
      expect(finding?.message).toContain('neither checked nor cascaded');
    });

    it('leaves user triggers that were disabled on purpose disabled', async () => {
      const { run, findings } = await audit(`
      create table customers (id int primary key);
      create table orders (id int primary key, customer_id int references customers);
      create function touch() returns trigger language plpgsql as $$ begin return new; end $$;
      create trigger orders_touch before insert on orders for each row execute function touch();
      alter table orders disable trigger all;`);
      expect(findings).toHaveLength(1);
      await engine.exec(findings[0]!.fix!);
      expect(await run()).toEqual([]);
      const { rows } = await engine.query<{ tgenabled: string }>(
        `select tgenabled from pg_trigger where tgrelid = 'orders'::regclass and tgname = 'orders_touch'`,
      );
      expect(rows).toEqual([{ tgenabled: 'D' }]);
    });

    it('reports a database whose sessions start in replica mode, and resets it', async () => {
      const { rows } = await engine.query<{ db: string }>('select current_database() as db');
      const database = `"${rows[0]!.db.replaceAll('"', '""')}"`;
      try {
        const { run, findings } = await audit(`
        create table customers (id int primary key);
        create table orders (id int primary key, customer_id int references customers);
        create table always (id int primary key, customer_id int references customers);
        do $$ declare t record; begin
          for t in select tgrelid::regclass as rel, tgname from pg_trigger
                   where tgrelid in ('always'::regclass, 'customers'::regclass) and tgisinternal
                     and tgconstraint = (select oid from pg_constraint where conname = 'always_customer_id_fkey')
          loop execute format('alter table %s enable always trigger %I', t.rel, t.tgname); end loop;
        end $$;
        alter database ${database} set session_replication_role = replica;`);
        // ENABLE ALWAYS triggers fire in replica mode too: only orders' FK is left unchecked.
        expect(findings.map((f) => [f.severity, f.constraint])).toEqual([
          ['error', 'orders_customer_id_fkey'],
        ]);
        expect(findings[0]?.message).toContain('session_replication_role = replica');
        expect(findings[0]?.fix).toContain('RESET session_replication_role;');
        await engine.exec(findings[0]!.fix!);
        expect(await run()).toEqual([]);
      } finally {
        await engine.exec(`alter database ${database} reset session_replication_role`);
      }
    });

    it.runIf(subject.server === null || subject.server.major >= 18)(
      'reports NOT ENFORCED as info, and its fix enforces it',
      async () => {
        const { run, findings } = await audit(`
        create table customers (id int primary key);
        create table orders (id int primary key,
          customer_id int constraint orders_customer references customers not enforced);`);
        expect(findings.map((f) => [f.severity, f.constraint])).toEqual([
          ['info', 'orders_customer'],
        ]);
        expect(findings[0]?.fix).toContain('ALTER CONSTRAINT orders_customer ENFORCED;');
        await engine.exec(findings[0]!.fix!);
        expect(await run()).toEqual([]);
        await expect(engine.exec('insert into orders values (1, 42)')).rejects.toThrow(
          /violates foreign key constraint/,
        );
      },
    );
  },
);
