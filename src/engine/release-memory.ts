// Gives the memory of a closed embedded database back to the system. PGlite's WASM memory is
// hundreds of MB and is only freed by a full garbage collection, which V8 does not run on its
// own soon enough when a big script is loaded next. Node only; elsewhere a no-op.

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collect: (() => void) | null = null;

/** Call after the database is closed and no longer referenced; PGlite finishes closing over a few ticks. */
export async function releaseEmbeddedMemory(): Promise<void> {
  if (!collect) {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as () => void;
  }
  for (let round = 0; round < 3; round++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    collect();
  }
}
