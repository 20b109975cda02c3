// A script file as a stream of text chunks, decoded strictly: fix writes back what it does not
// move byte for byte, so a byte that is not UTF-8 is refused (with its place), never replaced.

import { createReadStream } from 'node:fs';

export class NotUtf8Error extends Error {
  constructor(
    readonly path: string,
    readonly line: number,
    readonly column: number,
    readonly byte: number,
  ) {
    const hex = byte.toString(16).toUpperCase().padStart(2, '0');
    super(
      `${path}:${line}:${column}: not UTF-8 (byte 0x${hex}); fkdoctor reads scripts as UTF-8 and would change this byte: convert the file first (iconv -f <its encoding> -t UTF-8)`,
    );
  }
}

export async function* fileChunks(path: string, chunkBytes = 1024 * 1024): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  /** Line breaks before the chunk being decoded, and the text of its line so far. */
  let lines = 0;
  let lineStart = '';
  let bytes: Buffer = Buffer.alloc(0);
  const note = (text: string) => {
    const last = text.lastIndexOf('\n');
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
    lineStart = last === -1 ? lineStart + text : text.slice(last + 1);
    if (lineStart.length > 4096) lineStart = lineStart.slice(-4096);
  };
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: chunkBytes })) {
      bytes = chunk as Buffer;
      const text = decoder.decode(bytes, { stream: true });
      if (text.length > 0) {
        note(text);
        yield text;
      }
    }
    bytes = Buffer.alloc(0);
    const rest = decoder.decode();
    if (rest.length > 0) yield rest;
  } catch (error) {
    if (error instanceof TypeError) throw notUtf8(path, bytes, lines, lineStart);
    throw error;
  }
}

/** The first byte of `bytes` that is not UTF-8, by line and column of the whole file. */
function notUtf8(path: string, bytes: Buffer, lines: number, lineStart: string): NotUtf8Error {
  const loose = new TextDecoder('utf-8').decode(bytes);
  const again = Buffer.from(loose, 'utf8');
  let at = 0;
  while (at < bytes.length && bytes[at] === again[at]) at++;
  const before = bytes.subarray(0, at).toString('utf8');
  const breaks = before.split('\n').length - 1;
  const column =
    breaks === 0 ? lineStart.length + before.length + 1 : before.length - before.lastIndexOf('\n');
  return new NotUtf8Error(path, lines + breaks + 1, column, bytes[at] ?? 0);
}
