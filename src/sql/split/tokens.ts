// The first tokens of the statement being read, kept as offsets in typed arrays so that recording
// costs a few stores per token. Classification, COPY options and SET detection read them once the
// statement is complete; nothing else about a statement is kept.

/** Token kinds. A string's kind says how its text must be decoded. */
export const WORD = 1; // unquoted identifier or keyword
export const QUOTED_IDENT = 2; // "..."
export const UNICODE_IDENT = 3; // U&"..."
export const STRING = 4; // '...' or N'...' read with standard_conforming_strings on
export const ESCAPE_STRING = 5; // E'...', or '...' read with standard_conforming_strings off
export const UNICODE_STRING = 6; // U&'...'
export const BIT_STRING = 7; // B'...' or X'...'
export const DOLLAR_STRING = 8; // $tag$...$tag$
export const NUMBER = 9;
export const PARAM = 10; // $1
export const VARIABLE = 11; // psql :name, :'name', :"name"
export const PUNCT = 12; // any other single character, or :: and :=
export const BACKSLASH_SEMI = 13; // psql \; and \:

// Depth 0 is what classification looks at; depth 1 holds COPY options and set_config arguments.
// A statement of a million VALUES rows stops recording after TOP_LIMIT tokens, and a wide column
// list inside one pair of parentheses after GROUP_LIMIT, so recording stays bounded.
const TOP_LIMIT = 256;
const GROUP_LIMIT = 64;
const CAPACITY = TOP_LIMIT * (GROUP_LIMIT + 1);

export class TokenRecorder {
  readonly starts = new Int32Array(CAPACITY);
  readonly ends = new Int32Array(CAPACITY);
  readonly kinds = new Uint8Array(CAPACITY);
  readonly depths = new Uint8Array(CAPACITY);
  count = 0;
  private top = 0;
  private group = 0;
  private topLimit = TOP_LIMIT;

  reset(): void {
    this.count = 0;
    this.top = 0;
    this.group = 0;
    this.topLimit = TOP_LIMIT;
  }

  /** Records at most `tokens` more at depth 0: the statement's kind needs no more. */
  limit(tokens: number): void {
    this.topLimit = Math.min(this.topLimit, this.top + tokens);
  }

  /** `depth` is the parenthesis depth the token sits at (an opening parenthesis: the outer one). */
  add(kind: number, start: number, end: number, depth: number): void {
    if (depth === 0) {
      if (this.top >= this.topLimit) {
        // What sits inside an unrecorded parenthesis is not recorded either.
        this.group = 0;
        return;
      }
      this.top++;
      this.group = GROUP_LIMIT;
    } else if (depth === 1 && this.group > 0) {
      this.group--;
    } else {
      return;
    }
    const n = this.count++;
    this.starts[n] = start;
    this.ends[n] = end;
    this.kinds[n] = kind;
    this.depths[n] = depth;
  }
}
