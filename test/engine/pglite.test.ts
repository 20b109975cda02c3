// The embedded adapter's own behaviour: a data directory that persists, and one it cannot use.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseUnavailableError } from '../../src/engine/errors.js';
import { openEmbedded } from '../../src/engine/pglite.js';

describe('openEmbedded', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fkdoctor-pglite-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('keeps data in a data directory across openings', async () => {
    const dataDir = join(dir, 'db');
    const first = await openEmbedded({ dataDir });
    expect(first.label).toBe(`embedded PGlite (PostgreSQL 18, in ${dataDir})`);
    await first.exec("create table kept (v text); insert into kept values ('still here')");
    await first.close();
    await first.close(); // closing twice is harmless

    const second = await openEmbedded({ dataDir });
    try {
      expect((await second.query('select v from kept')).rows).toEqual([{ v: 'still here' }]);
    } finally {
      await second.close();
    }
  });

  it('reports a data directory it cannot create as DatabaseUnavailableError', async () => {
    const file = join(dir, 'a-file');
    await writeFile(file, 'not a directory');
    const error = await openEmbedded({ dataDir: join(file, 'db') }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DatabaseUnavailableError);
    expect((error as DatabaseUnavailableError).message).toMatch(
      /^could not start the embedded PostgreSQL in .*a-file\/db: /,
    );
  });
});
