// A fresh in-memory PGlite engine for a test; close it when done (each holds a WASM instance).

import type { Engine } from '../../src/engine/engine.js';
import { openEmbedded } from '../../src/engine/pglite.js';

export function openTestPglite(): Promise<Engine> {
  return openEmbedded();
}

export async function withPglite<T>(fn: (engine: Engine) => Promise<T>): Promise<T> {
  const engine = await openEmbedded();
  try {
    return await fn(engine);
  } finally {
    await engine.close();
  }
}
