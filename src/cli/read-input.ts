// Reads what the user gives a command (argument, file or stdin) and rejects what cannot be
// text: nothing at all, binary data. Names the source in every message.

import { readFile } from 'node:fs/promises';
import { CliError } from './exit-codes.js';

export interface Input {
  /** `stdin`, a file path, or `argument`. */
  source: string;
  text: string;
}

export async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export interface DecodeOptions {
  /** Nothing (or only white space) is fine. */
  allowEmpty?: boolean;
  /**
   * The text must give back the very same bytes (a script that fix prints): any byte that is
   * not UTF-8 is refused with its line and column instead of being replaced. (A leading BOM is
   * not in the text: the splitter's offsets start after it; fix writes it back first.)
   */
  exact?: boolean;
}

/**
 * The bytes as UTF-8 text; refuses binary data and (unless `allowEmpty`) input with nothing in
 * it. `source` names the input in messages.
 */
export function decode(bytes: Buffer, source: string, options: DecodeOptions = {}): string {
  if (bytes.length === 0) {
    if (options.allowEmpty) return '';
    throw new CliError(`${source}: the input is empty`);
  }
  const head = bytes.subarray(0, 65_536);
  if (head.includes(0)) {
    throw new CliError(`${source}: this looks like binary data (it contains NUL bytes), not text`);
  }
  const text = new TextDecoder('utf-8').decode(bytes);
  if (options.exact && text.includes('\uFFFD')) refuseNotUtf8(bytes, text, source);
  const sample = text.slice(0, 65_536);
  const invalid = sample.split('\uFFFD').length - 1;
  if (invalid > 16 && invalid > sample.length / 100) {
    throw new CliError(
      `${source}: this is not UTF-8 text (${invalid} undecodable bytes in the first 64 KiB)`,
    );
  }
  if (text.trim() === '' && !options.allowEmpty) {
    throw new CliError(`${source}: the input is empty (only white space)`);
  }
  return text;
}

/** The first byte that is not UTF-8 (decoding replaced it with U+FFFD), named by line:column. */
function refuseNotUtf8(all: Buffer, text: string, source: string): void {
  const bom = all[0] === 0xef && all[1] === 0xbb && all[2] === 0xbf;
  const bytes = bom ? all.subarray(3) : all;
  const again = Buffer.from(text, 'utf8');
  let at = 0;
  while (at < bytes.length && bytes[at] === again[at]) at++;
  if (at === bytes.length) return; // a real U+FFFD in the text, nothing replaced
  const before = bytes.subarray(0, at).toString('utf8');
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  const byte = bytes[at]!.toString(16).toUpperCase().padStart(2, '0');
  throw new CliError(
    `${source}:${line}:${column}: not UTF-8 (byte 0x${byte}); fkdoctor reads scripts as UTF-8 and would change this byte: convert the file first (iconv -f <its encoding> -t UTF-8)`,
  );
}

/** A file's bytes; a file that cannot be read is bad input, said in one line. */
export async function readFileBytes(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    throw new CliError(`${path}: cannot read it (${fileErrorReason(error)})`);
  }
}

export function fileErrorReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT'
    ? 'no such file'
    : code === 'EISDIR'
      ? 'is a directory'
      : code === 'EACCES'
        ? 'permission denied'
        : code === 'ENOTDIR'
          ? 'a part of the path is not a directory'
          : String(code ?? error);
}

export async function readInput(options: {
  args: string[];
  file?: string | undefined;
}): Promise<Input> {
  if (options.file && options.file !== '-') {
    const bytes = await readFileBytes(options.file);
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
