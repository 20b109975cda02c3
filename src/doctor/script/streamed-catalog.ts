// The schema of a script too big to hold, read without holding it: a first stream of the script
// keeps only its DDL (and settings), which is run in a short-lived sandbox that is rolled
// back. fix and check over their thresholds both start here.

import type { Engine } from '../../engine/engine.js';
import type { Catalog } from '../../model/catalog.js';
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

export async function streamedCatalog(
  chunks: AsyncIterable<string>,
  open: () => Promise<Engine>,
  schema: ScriptInput | undefined,
): Promise<Catalog> {
  const text = await schemaStatements(chunks);
  return withEngine(await open(), (engine) =>
    schemaCatalog(engine, { text, statements: scanScript(text).statements }, schema),
  );
}
