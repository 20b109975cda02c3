// A script file as a stream of text chunks, decoded strictly: fix writes back what it does not
// move byte for byte, so a byte that is not UTF-8 is refused (with its place), never replaced.

import { createReadStream } from 'node:fs';

export class NotUtf8Error extends Error {
  constructor(
    readonly path: string,
    readonly byteOffset: number,
  ) {
    super(
      `${path}: not UTF-8 after byte ${byteOffset}; fkdoctor reads scripts as UTF-8 and would change it: convert the file first (iconv -f <its encoding> -t UTF-8)`,
    );
  }
}

export async function* fileChunks(path: string, chunkBytes = 1024 * 1024): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let offset = 0;
  try {
    for await (const bytes of createReadStream(path, { highWaterMark: chunkBytes })) {
      const text = decoder.decode(bytes as Buffer, { stream: true });
      offset += (bytes as Buffer).length;
      if (text.length > 0) yield text;
    }
    const rest = decoder.decode();
    if (rest.length > 0) yield rest;
  } catch (error) {
    if (error instanceof TypeError) throw new NotUtf8Error(path, offset);
    throw error;
  }
}
