// Decides whether fix and check hold a script in memory or stream it from disk (fix's spill
// mode, check's streamed run): a file by its size; stdin by reading it until it passes the
// threshold, then copying the rest to a temp file, which the streaming passes read again.

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { tempDirectory } from './temp-directory.js';

export type BigInput =
  | { spill: false /** stdin, read already */; bytes: Buffer | null }
  | { spill: true; path: string; dispose(): Promise<void> };

export async function bigInput(path: string, threshold: number): Promise<BigInput> {
  if (path !== '-') {
    const size = (await stat(path).catch(() => null))?.size ?? 0;
    return size > threshold
      ? { spill: true, path, dispose: async () => {} }
      : { spill: false, bytes: null };
  }
  const held: Buffer[] = [];
  let size = 0;
  const stdin = process.stdin[Symbol.asyncIterator]();
  for (;;) {
    const next = await stdin.next();
    if (next.done) return { spill: false, bytes: Buffer.concat(held) };
    held.push(next.value as Buffer);
    size += (next.value as Buffer).length;
    if (size > threshold) break;
  }
  const directory = await tempDirectory('stdin');
  try {
    const copy = join(directory.path, 'stdin.sql');
    const out = createWriteStream(copy);
    const write = async (chunk: Buffer) => {
      if (!out.write(chunk)) await once(out, 'drain');
    };
    for (const chunk of held) await write(chunk);
    held.length = 0;
    for (;;) {
      const next = await stdin.next();
      if (next.done) break;
      await write(next.value as Buffer);
    }
    out.end();
    await once(out, 'close');
    return { spill: true, path: copy, dispose: directory.remove };
  } catch (error) {
    // A read error or a full disk: nothing of the copy stays behind.
    await directory.remove();
    throw error;
  }
}
