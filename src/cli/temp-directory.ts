// Temp folders of a command (spill files, a copy of stdin, an embedded sandbox on disk): removed
// when the command ends, and on Ctrl-C or kill too, since a spilled dump of gigabytes left
// behind fills the disk.

import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const live = new Set<string>();
let watching = false;

function removeAllNow(): void {
  for (const directory of live) rmSync(directory, { recursive: true, force: true });
  live.clear();
}

function watchSignals(): void {
  if (watching) return;
  watching = true;
  process.once('SIGINT', () => {
    removeAllNow();
    process.exit(130);
  });
  process.once('SIGTERM', () => {
    removeAllNow();
    process.exit(143);
  });
}

export interface TempDirectory {
  path: string;
  remove(): Promise<void>;
}

/** A new temp folder named `fkdoctor-<purpose>-…`, removed by `remove()` or on a signal. */
export async function tempDirectory(purpose: string): Promise<TempDirectory> {
  watchSignals();
  const path = await mkdtemp(join(tmpdir(), `fkdoctor-${purpose}-`));
  live.add(path);
  return {
    path,
    async remove() {
      live.delete(path);
      await rm(path, { recursive: true, force: true });
    },
  };
}
