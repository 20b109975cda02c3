// Octal and hex escapes (in E'' strings and in COPY text data) give bytes, not characters:
// consecutive ones must form UTF-8, as the server checks them against the database encoding
// (assumed UTF-8 here).

const utf8 = new TextDecoder('utf-8', { fatal: true });

export class ByteRun {
  private bytes: number[] = [];

  push(byte: number): void {
    this.bytes.push(byte & 0xff);
  }

  /** The pending bytes as text ('' when none), or null when they are not valid UTF-8 or a NUL. */
  flush(): string | null {
    if (this.bytes.length === 0) return '';
    const bytes = this.bytes;
    this.bytes = [];
    if (bytes.includes(0)) return null;
    try {
      return utf8.decode(Uint8Array.from(bytes));
    } catch {
      return null;
    }
  }
}
