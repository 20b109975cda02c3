// Sends the raw text of a script, as it streams in, to one place or another (the in-memory
// skeleton, or a spill file) by absolute offsets, so that every byte lands exactly once and in
// order. The splitter says where statements begin only after it has read them, so text is held
// until a switch point or a flush says where it goes.

export interface TextSink {
  write(text: string): void;
}

export class TextRouter {
  /** Text received and not yet sent, starting at offset `from`. */
  private held: string[] = [];
  private from = 0;
  private received = 0;
  /** Line (1-based) at offset `from`. */
  private lineAtFrom = 1;
  /** The most text held at once: what streaming costs in memory beyond the current chunk. */
  heldPeak = 0;

  constructor(private sink: TextSink) {}

  /** The current place text goes to. */
  get destination(): TextSink {
    return this.sink;
  }

  /** Offset up to which text has been sent. */
  get sentTo(): number {
    return this.from;
  }

  /** 1-based line of `sentTo`. */
  get line(): number {
    return this.lineAtFrom;
  }

  push(chunk: string): void {
    this.held.push(chunk);
    this.received += chunk.length;
    this.heldPeak = Math.max(this.heldPeak, this.received - this.from);
  }

  /** Sends the text before `offset` to the current sink. */
  sendTo(offset: number): void {
    if (offset < this.from) throw new Error(`text before ${this.from} was sent already`);
    if (offset > this.received) throw new Error(`offset ${offset} not received yet`);
    let need = offset - this.from;
    while (need > 0) {
      const first = this.held[0]!;
      const piece = first.length <= need ? first : first.slice(0, need);
      if (piece === first) this.held.shift();
      else this.held[0] = first.slice(need);
      this.sink.write(piece);
      this.lineAtFrom += countLines(piece);
      need -= piece.length;
    }
    this.from = offset;
  }

  /** The text before `offset` goes to the current sink; from there on, to `next`. */
  switchAt(offset: number, next: TextSink): void {
    this.sendTo(offset);
    this.sink = next;
  }
}

export function countLines(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
  return count;
}
