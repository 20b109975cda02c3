// Read access to a statement's recorded tokens, with their text taken from the statement's source.

import { PUNCT, type TokenRecorder, WORD } from './tokens.js';

export class TokenView {
  constructor(
    private readonly recorder: TokenRecorder,
    private text: string,
    /** The input offset of text[0]. */
    private offset: number,
  ) {}

  /** Points the view at another statement's text (views are reused: one per splitter). */
  reset(text: string, offset: number): this {
    this.text = text;
    this.offset = offset;
    return this;
  }

  get length(): number {
    return this.recorder.count;
  }

  kind(i: number): number {
    return i < this.recorder.count ? this.recorder.kinds[i]! : 0;
  }

  depth(i: number): number {
    return this.recorder.depths[i]!;
  }

  /** Where token i starts in the input. */
  start(i: number): number {
    return this.recorder.starts[i]!;
  }

  /** Where token i ends in the input. */
  end(i: number): number {
    return this.recorder.ends[i]!;
  }

  raw(i: number): string {
    if (i >= this.recorder.count) return '';
    return this.text.slice(
      this.recorder.starts[i]! - this.offset,
      this.recorder.ends[i]! - this.offset,
    );
  }

  /** The length of token i when it is an unquoted word, else 0. */
  wordLength(i: number): number {
    const r = this.recorder;
    return i < r.count && r.kinds[i] === WORD ? r.ends[i]! - r.starts[i]! : 0;
  }

  /** Whether token i is the unquoted word `lower` (given in lower case), without building a string. */
  is(i: number, lower: string): boolean {
    const r = this.recorder;
    if (i >= r.count || r.kinds[i] !== WORD || r.ends[i]! - r.starts[i]! !== lower.length)
      return false;
    const at = r.starts[i]! - this.offset;
    for (let k = 0; k < lower.length; k++) {
      const c = this.text.charCodeAt(at + k);
      const l = lower.charCodeAt(k);
      // `| 32` lowers ASCII letters; `_` and digits must match as they are.
      if (c !== l && (c | 32) !== l) return false;
    }
    return true;
  }

  /** An unquoted word in lower case (keywords are ASCII), or '' for any other token. */
  word(i: number): string {
    return this.kind(i) === WORD ? this.raw(i).toLowerCase() : '';
  }

  punct(i: number, char: string): boolean {
    const r = this.recorder;
    return (
      i < r.count &&
      r.kinds[i] === PUNCT &&
      r.ends[i]! - r.starts[i]! === 1 &&
      this.text.charCodeAt(r.starts[i]! - this.offset) === char.charCodeAt(0)
    );
  }

  /** After the parenthesis at i (depth 0): the index after its closing one. */
  skipGroup(i: number): number {
    let j = i + 1;
    while (j < this.length && !(this.depth(j) === 0 && this.punct(j, ')'))) j++;
    return j + 1;
  }
}
