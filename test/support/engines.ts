// Every engine a test should run against: the embedded PGlite and a scratch database on each
// test server. Each subject opens a fresh, empty database.

import { afterAll, beforeAll } from 'vitest';
import {
  defaultSessionSettings,
  type Engine,
  type SessionSettings,
} from '../../src/engine/engine.js';
import { openServer } from '../../src/engine/node-postgres.js';
import { openEmbedded } from '../../src/engine/pglite.js';
import { scratchDatabase, type TestServer, testServers } from './servers.js';

/** Tests write to their scratch databases, so the read-only default is off unless asked. */
export const writableSettings: SessionSettings = { ...defaultSessionSettings, readOnly: false };

export interface OpenedEngine {
  engine: Engine;
  /** The scratch database's URL (servers only). */
  url: string | null;
  /** Closes the engine and drops the scratch database. */
  close(): Promise<void>;
}

export interface EngineSubject {
  label: string;
  server: TestServer | null;
  open(settings?: SessionSettings): Promise<OpenedEngine>;
}

export function engineSubjects(): EngineSubject[] {
  const embedded: EngineSubject = {
    label: 'pglite',
    server: null,
    async open() {
      const engine = await openEmbedded();
      return { engine, url: null, close: () => engine.close() };
    },
  };
  const servers = testServers().map(
    (server): EngineSubject => ({
      label: server.label,
      server,
      async open(settings = writableSettings) {
        const database = await scratchDatabase(server.url);
        const engine = await openServer(database.url, settings).catch(async (error) => {
          await database.drop();
          throw error;
        });
        return {
          engine,
          url: database.url,
          async close() {
            await engine.close();
            await database.drop();
          },
        };
      },
    }),
  );
  return [embedded, ...servers];
}

/**
 * The subject's fresh database for the tests of the enclosing describe: before them it is
 * opened, `setup` runs in it and `use` gets it; after them it is closed.
 */
export function openForSuite(
  subject: EngineSubject,
  setup: string,
  use: (engine: Engine, opened: OpenedEngine) => void,
): void {
  let opened: OpenedEngine | undefined;
  beforeAll(async () => {
    opened = await subject.open();
    if (setup !== '') await opened.engine.exec(setup);
    use(opened.engine, opened);
  });
  afterAll(() => opened?.close());
}
