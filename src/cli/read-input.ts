// Reads what the user gives a command (argument, file or stdin) and rejects what cannot be
// text: nothing at all, binary data. Names the source in every message.

import { readFile } from 'node:fs/promises';
import { CliError } from './exit-codes.js';

export interface Input {
  /** `stdin`, a file path, or `argument`. */
  source: string;
  text: string;
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function decode(bytes: Buffer, source: string): string {
  if (bytes.length === 0) throw new CliError(`${source}: the input is empty`);
  const head = bytes.subarray(0, 65_536);
  if (head.includes(0)) {
    throw new CliError(`${source}: this looks like binary data (it contains NUL bytes), not text`);
  }
  const text = new TextDecoder('utf-8').decode(bytes);
  const sample = text.slice(0, 65_536);
  const invalid = sample.split('\uFFFD').length - 1;
  if (invalid > 16 && invalid > sample.length / 100) {
    throw new CliError(
      `${source}: this is not UTF-8 text (${invalid} undecodable bytes in the first 64 KiB)`,
    );
  }
  if (text.trim() === '') throw new CliError(`${source}: the input is empty (only white space)`);
  return text;
}

export async function readInput(options: {
  args: string[];
  file?: string | undefined;
}): Promise<Input> {
  if (options.file && options.file !== '-') {
    let bytes: Buffer;
    try {
      bytes = await readFile(options.file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const why =
        code === 'ENOENT'
          ? 'no such file'
          : code === 'EISDIR'
            ? 'is a directory'
            : code === 'EACCES'
              ? 'permission denied'
              : String(code ?? error);
      throw new CliError(`${options.file}: cannot read it (${why})`);
    }
    return { source: options.file, text: decode(bytes, options.file) };
  }
  if (options.args.length > 0 && options.file !== '-') {
    return { source: 'argument', text: decode(Buffer.from(options.args.join(' ')), 'argument') };
  }
  if (process.stdin.isTTY && options.file !== '-') {
    throw new CliError(
      'nothing to explain: pass the error as an argument, with --file FILE, or on stdin',
    );
  }
  return { source: 'stdin', text: decode(await readStdin(), 'stdin') };
}
