// The schema of a script too big to hold, read without holding it: a first stream of the script
// keeps only its DDL (and settings), which is run in a short-lived sandbox that is rolled
// back. fix and check over their thresholds both start here.

import type { Engine } from '../../engine/engine.js';
import { releaseEmbeddedMemory } from '../../engine/release-memory.js';
import type { Catalog } from '../../model/catalog.js';
import type { ScriptStatement } from '../../model/script.js';
import { scanScript } from '../../sql/split/index.js';
import type { ScriptInput } from './check-script.js';
import { schemaCatalog } from './schema-catalog.js';
import { schemaStatements } from './schema-statements.js';

/** Runs `fn` with `engine`, closing it after, whatever happens. */
export async function withEngine<T>(
  engine: Engine,
  fn: (engine: Engine) => Promise<T>,
): Promise<T> {
  try {
    return await fn(engine);
  } finally {
    await engine.close();
  }
}

/** `onLoad` hears of every INSERT and COPY of the script on the way. */
export async function streamedCatalog(
  chunks: AsyncIterable<string>,
  open: () => Promise<Engine>,
  schema: ScriptInput | undefined,
  onLoad?: (statement: ScriptStatement) => void,
): Promise<Catalog> {
  const text = await schemaStatements(chunks, onLoad);
  const catalog = await withEngine(await open(), (engine) =>
    schemaCatalog(engine, { text, statements: scanScript(text).statements }, schema),
  );
  // An embedded database that read the schema is closed: its hundreds of MB go back now.
  await releaseEmbeddedMemory();
  return catalog;
}
