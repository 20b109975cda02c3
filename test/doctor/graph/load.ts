// Schemas for the graph tests, loaded into every engine (PGlite and each test server), and
// the report read back from each.

import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll } from 'vitest';
import { buildGraphReport, type GraphReport } from '../../../src/doctor/graph/graph-report.js';
import type { Engine } from '../../../src/engine/engine.js';
import { readCatalog } from '../../../src/engine/introspect.js';
import type { Catalog } from '../../../src/model/catalog.js';
import { type EngineSubject, engineSubjects, type OpenedEngine } from '../../support/engines.js';

export { PAGILA } from '../../support/pagila.js';

export function graphSchema(name: string): Promise<string> {
  return readFile(new URL(name, import.meta.url), 'utf8');
}

export interface Loaded {
  label: string;
  engine: Engine;
  catalog: Catalog;
  report: GraphReport;
  /** Reads the catalog again (after a test changed the schema). */
  reread(): Promise<{ catalog: Catalog; report: GraphReport }>;
}

/**
 * Opens every engine subject with `sql` loaded, for the tests of one file; closed (and the
 * scratch databases dropped) after them. `get(label)` gives a subject's engine and report.
 */
export function loadedOnEverySubject(sql: () => Promise<string>): {
  subjects: EngineSubject[];
  get(label: string): Loaded;
} {
  const subjects = engineSubjects();
  const opened: OpenedEngine[] = [];
  const loaded = new Map<string, Loaded>();
  beforeAll(async () => {
    const text = await sql();
    for (const subject of subjects) {
      const handle = await subject.open();
      opened.push(handle);
      await handle.engine.exec(text);
      const catalog = await readCatalog(handle.engine);
      const entry: Loaded = {
        label: subject.label,
        engine: handle.engine,
        catalog,
        report: buildGraphReport(catalog),
        async reread() {
          const again = await readCatalog(handle.engine);
          return { catalog: again, report: buildGraphReport(again) };
        },
      };
      loaded.set(subject.label, entry);
    }
  });
  afterAll(async () => {
    for (const handle of opened) await handle.close();
  });
  return {
    subjects,
    get(label) {
      const entry = loaded.get(label);
      if (!entry) throw new Error(`${label} was not loaded`);
      return entry;
    },
  };
}
