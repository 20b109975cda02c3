// Where statements end in a psql script, by the rules of psql's own lexer (psqlscan.l): a `;`
// ends a statement outside quotes and comments, at parenthesis depth 0, and outside the
// BEGIN ... END of a CREATE FUNCTION/PROCEDURE body; a backslash starts a meta-command.
//
// The lexer is a state machine over UTF-16 code units that can stop at any point of the input and
// resume with the next chunk. When it needs to see further than the chunk goes (is this `-` the
// start of `--`? is this word finished?), it stops before the token and the caller hands that
// short remainder back in front of the next chunk. Nothing else is kept: offsets are absolute,
// and a statement's text is the caller's business.

import type { Span } from '../../model/script.js';
import { CopyDataReader, type DataFormat, type LineCounter } from './copy-data.js';
import { ScriptSyntaxError, type ScriptSyntaxErrorCode } from './errors.js';
import { scanMetaLine } from './meta-line.js';
import {
  BACKSLASH_SEMI,
  BIT_STRING,
  DOLLAR_STRING,
  ESCAPE_STRING,
  NUMBER,
  PARAM,
  PUNCT,
  QUOTED_IDENT,
  STRING,
  TokenRecorder,
  UNICODE_IDENT,
  UNICODE_STRING,
  VARIABLE,
  WORD,
} from './tokens.js';

/** A statement or meta-command as the lexer found it; the splitter turns it into a ScriptStatement. */
export interface RawStatement {
  leadingStart: number;
  start: number;
  end: number;
  tailEnd: number;
  line: number;
  column: number;
  endLine: number;
  /** The meta-command's name, or null for SQL. */
  meta: string | null;
  /** A meta-command inside an unfinished SQL statement: psql runs it first. */
  nested: boolean;
  endedBy: string | null;
  unterminated: boolean;
  excluded: Span[] | null;
}

export interface DataEnd {
  start: number;
  line: number;
  end: number;
  terminator: Span | null;
  /** The line where a CSV quoted field that is still open began, or 0. */
  quoteLine: number;
}

export interface LexerSink {
  /**
   * A statement (with its tail) or a meta-command is complete; `tokens` holds its first tokens.
   * `raw` is reused for the next statement: keep copies, not the object.
   */
  complete(raw: RawStatement): void;
  /** A line starts while COPY ... FROM STDIN statements wait: the format of the data that starts here. */
  startData(at: number): DataFormat | null;
  copyData(buf: string, from: number, to: number): void;
  /** The data ended (without terminator: at the end of the input); the next data block's format, if any. */
  endData(end: DataEnd): DataFormat | null;
}

// Modes.
const NORMAL = 0;
const LINE_COMMENT = 1;
const BLOCK_COMMENT = 2;
const QUOTED = 3; // '...' and U&'...': '' is a quote, backslash is plain
const ESCAPED = 4; // E'...', and '...' when standard_conforming_strings is off
const ESCAPED_BACKSLASH = 5; // a backslash ended the last chunk
const QUOTE_SEEN = 6; // a quote ended the last chunk: '' or the end of the string
const BITS = 7; // B'...' and X'...': end at the first quote
const IDENT = 8; // "..." and U&"..."
const IDENT_QUOTE_SEEN = 9;
const DOLLAR = 10;
const DATA = 11;

const LF = 10;

// 1: can start a word (letters, `_`); 2: can continue one (also digits and `$`); 4: can continue a
// dollar-quote tag (no `$`); 8: a psql variable name character. Every non-ASCII unit is all four,
// as every byte of a multi-byte character is to psql's byte-wise lexer.
const CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
  const digit = c >= 48 && c <= 57;
  CLASS[c] = (letter ? 1 : 0) | (letter || digit || c === 36 ? 2 : 0) | (letter || digit ? 12 : 0);
}

// How NORMAL mode treats a character: blank, word start, a plain one-character token, or one that
// needs a closer look (quotes, `$`, `-`, `/`, parentheses, `;`, backslash, `:`, digits, LF, NUL).
const K_SPECIAL = 0;
const K_BLANK = 1;
const K_WORD = 2;
const K_PUNCT = 3;
const KIND = new Uint8Array(128).fill(K_PUNCT);
for (let c = 0; c < 128; c++) if (CLASS[c]! & 1) KIND[c] = K_WORD;
for (const c of [32, 9, 13, 12]) KIND[c] = K_BLANK;
for (const c of `'"$-/();\\:0123456789\n\u0000`) KIND[c.charCodeAt(0)] = K_SPECIAL;

function is(c: number, bit: number): boolean {
  return c >= 128 || (CLASS[c]! & bit) !== 0;
}

/** Meta-commands that end the statement being collected: they send it, or (\r) discard it. */
const ENDS_STATEMENT = new Set([
  'g',
  'gx',
  'gset',
  'gexec',
  'gdesc',
  'crosstabview',
  'watch',
  'parse',
  'sendpipeline',
  'r',
  'reset',
]);

/** Case-insensitive match of an ASCII word against a lower-case one. */
function same(buf: string, at: number, word: string): boolean {
  for (let k = 0; k < word.length; k++) {
    if ((buf.charCodeAt(at + k) | 32) !== word.charCodeAt(k)) return false;
  }
  return true;
}

function isRowWriter(buf: string, at: number): boolean {
  return same(buf, at, 'insert') || same(buf, at, 'update') || same(buf, at, 'delete');
}

// psql notices CREATE [OR REPLACE] {FUNCTION|PROCEDURE} by the first letters of the statement's
// first four words, when those words are among these five.
const C = 99;
const F = 102;
const P = 112;
const O = 111;
const R = 114;
function definitionLetter(buf: string, at: number, length: number): number {
  switch (length) {
    case 2:
      return same(buf, at, 'or') ? O : 0;
    case 6:
      return same(buf, at, 'create') ? C : 0;
    case 7:
      return same(buf, at, 'replace') ? R : 0;
    case 8:
      return same(buf, at, 'function') ? F : 0;
    case 9:
      return same(buf, at, 'procedure') ? P : 0;
    default:
      return 0;
  }
}

const UNTERMINATED: Record<number, [ScriptSyntaxErrorCode, string]> = {
  [STRING]: ['unterminated-string', 'unterminated quoted string'],
  [ESCAPE_STRING]: ['unterminated-e-string', 'unterminated quoted string (backslash escapes)'],
  [UNICODE_STRING]: ['unterminated-unicode-string', "unterminated U&'...' string"],
  [BIT_STRING]: ['unterminated-bit-string', 'unterminated bit-string literal'],
  [QUOTED_IDENT]: ['unterminated-quoted-identifier', 'unterminated quoted identifier'],
  [UNICODE_IDENT]: ['unterminated-quoted-identifier', 'unterminated quoted identifier'],
};

export class Lexer implements LineCounter {
  line = 1;
  lineStart = 0;
  /** Where the next run resumes, as an offset in the whole input. */
  pos = 0;
  /** The input began with a byte-order mark, which psql skips. */
  bom = false;
  /** Statements are waiting for their COPY data to start on the next line. */
  copyWaiting = false;
  /** Where the text not yet given to a statement starts. */
  unitStart = 0;
  readonly tokens = new TokenRecorder();

  private mode = NORMAL;
  private stringMode = QUOTED;
  private tokenKind = 0;
  private tokenStart = 0;
  private constructLine = 0;
  private constructColumn = 0;
  private dollarTag = '';
  private commentDepth = 0;

  // psql's own counters: parentheses, BEGIN ... END inside CREATE FUNCTION, words so far.
  private parenDepth = 0;
  private beginDepth = 0;
  private wordCount = 0;
  private word0 = 0;
  private word1 = 0;
  private word2 = 0;
  private word3 = 0;

  private standardStrings: boolean;
  private nextStandardStrings = true;
  private standardStringsFromLine = 0;

  // The statement being read.
  private stmtStart = -1;
  private stmtLine = 0;
  private stmtColumn = 0;
  private lastTokenEnd = 0;
  private lastTokenLine = 0;
  /** After the last token: the offset after the first line break, -1 none yet, -2 one inside a comment. */
  private lineEndAfterToken = -1;
  private excluded: Span[] | null = null;

  // A statement that has ended and waits to see the rest of its line.
  private pending = false;
  private pendingStart = 0;
  private pendingEnd = 0;
  private pendingLine = 0;
  private pendingColumn = 0;
  private pendingEndLine = 0;
  private pendingMeta: string | null = null;
  private pendingEndedBy: string | null = null;
  private pendingUnterminated = false;
  private pendingExcluded: Span[] | null = null;

  private readonly data = new CopyDataReader();
  private readonly raw: RawStatement = {
    leadingStart: 0,
    start: 0,
    end: 0,
    tailEnd: 0,
    line: 0,
    column: 0,
    endLine: 0,
    meta: null,
    nested: false,
    endedBy: null,
    unterminated: false,
    excluded: null,
  };

  constructor(
    private readonly sink: LexerSink,
    standardStrings = true,
  ) {
    this.standardStrings = standardStrings;
  }

  get inData(): boolean {
    return this.mode === DATA;
  }

  /** A statement set standard_conforming_strings; psql lexes with the new value from the next line. */
  setStandardStrings(value: boolean, afterLine: number): void {
    this.nextStandardStrings = value;
    this.standardStringsFromLine = afterLine + 1;
  }

  /**
   * Reads buf (which starts at offset `base` of the input) from `this.pos`. Returns the offset it
   * stopped at: the end of buf, or earlier when the caller must hand the rest back with more input.
   */
  run(buf: string, base: number, final: boolean): number {
    const n = buf.length;
    let i = this.pos - base;
    if (this.pos === 0 && n > 0 && buf.charCodeAt(0) === 0xfeff) {
      this.bom = true;
      i = 1;
    }
    while (i < n) {
      const r =
        this.mode === NORMAL
          ? this.normal(buf, i, n, base, final)
          : this.step(buf, i, n, base, final);
      if (r < 0) {
        this.pos = base + ~r;
        return this.pos;
      }
      i = r;
    }
    this.pos = base + n;
    if (final) this.finish(base + n);
    return this.pos;
  }

  /** Reads on in any mode but NORMAL; returns as run() expects. */
  private step(buf: string, i: number, n: number, base: number, final: boolean): number {
    switch (this.mode) {
      case LINE_COMMENT:
        return this.lineComment(buf, i, n);
      case BLOCK_COMMENT:
        return this.blockComment(buf, i, n, base, final);
      case QUOTED:
        return this.quoted(buf, i, n, base, 39, QUOTE_SEEN, false);
      case ESCAPED:
        return this.quoted(buf, i, n, base, 39, QUOTE_SEEN, true);
      case ESCAPED_BACKSLASH:
        if (buf.charCodeAt(i) === LF) this.lineInToken(base + i);
        this.mode = ESCAPED;
        return i + 1;
      case QUOTE_SEEN:
        return this.afterQuote(buf, i, base, this.stringMode, 39);
      case BITS:
        return this.bits(buf, i, n, base);
      case IDENT:
        return this.quoted(buf, i, n, base, 34, IDENT_QUOTE_SEEN, false);
      case IDENT_QUOTE_SEEN:
        return this.afterQuote(buf, i, base, IDENT, 34);
      case DOLLAR:
        return this.dollarBody(buf, i, n, base, final);
      default:
        return this.dataLines(buf, i, n, base, final);
    }
  }

  private normal(buf: string, i: number, n: number, base: number, final: boolean): number {
    while (i < n) {
      const c = buf.charCodeAt(i);
      const kind = c < 128 ? KIND[c]! : K_WORD;
      if (kind === K_BLANK) {
        i++;
        continue;
      }
      if (kind === K_WORD) {
        i = this.word(buf, i, n, base, final, c);
        if (i < 0) return i;
        if (this.mode !== NORMAL) {
          i = this.step(buf, i, n, base, final);
          if (i < 0 || this.mode !== NORMAL) return i;
        }
        continue;
      }
      const at = base + i;
      if (kind === K_PUNCT) {
        this.token(PUNCT, at, at + 1);
        i++;
        continue;
      }
      if (c === LF) {
        this.lineBreak(at);
        i++;
        // COPY data may start on the next line.
        if (this.mode !== NORMAL) return i;
        continue;
      }
      switch (c) {
        case 39: // '
          // Strings and comments are read from here rather than from run(), which is slower.
          i = this.step(buf, this.plainString(at, i + 1), n, base, final);
          if (i < 0 || this.mode !== NORMAL) return i;
          continue;
        case 34: // "
          i = this.step(buf, this.open(at, i + 1, IDENT, QUOTED_IDENT), n, base, final);
          if (i < 0 || this.mode !== NORMAL) return i;
          continue;
        case 36: {
          // $
          i = this.dollar(buf, i, n, base, final);
          if (i < 0) return i;
          if (this.mode !== NORMAL) {
            i = this.step(buf, i, n, base, final);
            if (i < 0 || this.mode !== NORMAL) return i;
          }
          continue;
        }
        case 45: // -
          if (i + 1 >= n) {
            if (!final) return ~i;
          } else if (buf.charCodeAt(i + 1) === 45) {
            this.mode = LINE_COMMENT;
            i = this.lineComment(buf, i + 2, n);
            if (this.mode !== NORMAL) return i;
            continue;
          }
          break;
        case 47: // /
          if (i + 1 >= n) {
            if (!final) return ~i;
          } else if (buf.charCodeAt(i + 1) === 42) {
            this.mark(at);
            this.commentDepth = 0;
            this.mode = BLOCK_COMMENT;
            i = this.blockComment(buf, i + 2, n, base, final);
            if (i < 0 || this.mode !== NORMAL) return i;
            continue;
          }
          break;
        case 40: // (
          this.begin(at);
          this.tokens.add(PUNCT, at, at + 1, this.parenDepth);
          this.parenDepth++;
          this.ended(at + 1);
          i++;
          continue;
        case 41: // )
          this.begin(at);
          if (this.parenDepth > 0) this.parenDepth--;
          this.tokens.add(PUNCT, at, at + 1, this.parenDepth);
          this.ended(at + 1);
          i++;
          continue;
        case 59: // ;
          this.token(PUNCT, at, at + 1);
          if (this.parenDepth === 0 && this.beginDepth === 0) {
            this.wordCount = 0;
            this.terminate(at + 1, null, false);
          }
          i++;
          continue;
        case 92: {
          // backslash: \; and \: put the character in the statement; anything else is a command
          if (i + 1 >= n && !final) return ~i;
          const d = i + 1 < n ? buf.charCodeAt(i + 1) : -1;
          if (d === 59 || d === 58) {
            this.begin(at);
            this.exclude(at, at + 1);
            this.tokens.add(BACKSLASH_SEMI, at, at + 2, this.parenDepth);
            if (d === 59) this.wordCount = 0;
            this.ended(at + 2);
            i += 2;
            continue;
          }
          let lineEnd = buf.indexOf('\n', i);
          if (lineEnd < 0) {
            if (!final) return ~i;
            lineEnd = n;
          }
          i = this.meta(buf, i, lineEnd, base);
          continue;
        }
        case 58: {
          // psql variables (:name, :'name', :"name", :{?name}) are one token; so are :: and :=
          const r = this.colon(buf, i, n, base, final);
          if (r < 0) return r;
          i = r;
          continue;
        }
        case 0:
          throw this.error('nul-byte', 'the input contains a NUL byte (a binary file?)', at);
        default:
          if (c >= 48 && c <= 57) {
            let j = i + 1;
            while (j < n && buf.charCodeAt(j) >= 48 && buf.charCodeAt(j) <= 57) j++;
            // 123abc is one (bad) token to PostgreSQL 16+, so a `$` in it starts nothing.
            if (j < n && is(buf.charCodeAt(j), 1)) {
              while (j < n && is(buf.charCodeAt(j), 2)) j++;
            }
            if (j === n && !final) return ~i;
            this.token(NUMBER, at, base + j);
            i = j;
            continue;
          }
      }
      this.token(PUNCT, at, at + 1);
      i++;
    }
    return i;
  }

  /** A word, or the letter prefix of E'', B'', X'', N'', U&'' and U&"". */
  private word(buf: string, i: number, n: number, base: number, final: boolean, c: number): number {
    const lower = c | 32;
    const at = base + i;
    if (lower === 101 || lower === 98 || lower === 120 || lower === 110 || lower === 117) {
      if (i + 1 >= n) {
        if (!final) return ~i;
      } else {
        const d = buf.charCodeAt(i + 1);
        if (d === 39) {
          if (lower === 101) return this.open(at, i + 2, ESCAPED, ESCAPE_STRING);
          if (lower === 98 || lower === 120) return this.open(at, i + 2, BITS, BIT_STRING);
          if (lower === 110) return this.plainString(at, i + 2);
        } else if (d === 38 && lower === 117) {
          if (i + 2 >= n && !final) return ~i;
          const q = i + 2 < n ? buf.charCodeAt(i + 2) : -1;
          if (q === 39) return this.open(at, i + 3, QUOTED, UNICODE_STRING);
          if (q === 34) return this.open(at, i + 3, IDENT, UNICODE_IDENT);
          // psql's {xufailed}: the `u` alone, and it does not count as a word.
          this.token(PUNCT, at, at + 1);
          return i + 1;
        }
      }
    }
    let j = i + 1;
    while (j < n && is(buf.charCodeAt(j), 2)) j++;
    if (j === n && !final) return ~i;
    this.begin(at);
    if (this.tokens.count === 0 && j - i === 6 && isRowWriter(buf, i)) {
      // INSERT INTO [db.]s.t, UPDATE [ONLY] s.t, DELETE FROM [ONLY] s.t: the table comes early,
      // and millions of such statements should not each record all their values.
      this.tokens.limit(16);
    }
    this.tokens.add(WORD, at, base + j, this.parenDepth);
    this.countWord(buf, i, j - i);
    this.ended(base + j);
    return j;
  }

  /**
   * psql's heuristic for SQL-standard function bodies: once the statement starts with CREATE [OR
   * REPLACE] FUNCTION/PROCEDURE, BEGIN opens a block, CASE inside a block opens one too, END closes
   * one, and a `;` inside a block does not end the statement. Only words at depth 0 count.
   */
  private countWord(buf: string, at: number, length: number): void {
    if (this.wordCount === 0) {
      this.word0 = 0;
      this.word1 = 0;
      this.word2 = 0;
      this.word3 = 0;
    }
    if (this.wordCount < 4) {
      const letter = definitionLetter(buf, at, length);
      if (letter !== 0) {
        if (this.wordCount === 0) this.word0 = letter;
        else if (this.wordCount === 1) this.word1 = letter;
        else if (this.wordCount === 2) this.word2 = letter;
        else this.word3 = letter;
      }
    }
    this.wordCount++;
    if (
      this.parenDepth === 0 &&
      this.word0 === C &&
      (this.word1 === F ||
        this.word1 === P ||
        (this.word1 === O && this.word2 === R && (this.word3 === F || this.word3 === P)))
    ) {
      if (length === 5 && same(buf, at, 'begin')) {
        this.beginDepth++;
      } else if (length === 4 && same(buf, at, 'case')) {
        if (this.beginDepth >= 1) this.beginDepth++;
      } else if (length === 3 && same(buf, at, 'end')) {
        if (this.beginDepth > 0) this.beginDepth--;
      }
    }
  }

  private dollar(buf: string, i: number, n: number, base: number, final: boolean): number {
    const at = base + i;
    if (i + 1 >= n) {
      if (!final) return ~i;
    } else {
      const d = buf.charCodeAt(i + 1);
      if (d >= 48 && d <= 57) {
        // $1, a parameter (and $1abc one bad token)
        let j = i + 2;
        while (j < n && buf.charCodeAt(j) >= 48 && buf.charCodeAt(j) <= 57) j++;
        if (j < n && is(buf.charCodeAt(j), 1)) {
          while (j < n && is(buf.charCodeAt(j), 2)) j++;
        }
        if (j === n && !final) return ~i;
        this.token(PARAM, at, base + j);
        return j;
      }
      if (d === 36) return this.openDollar(at, i + 2, '$$');
      if (is(d, 1)) {
        let j = i + 2;
        while (j < n && is(buf.charCodeAt(j), 4)) j++;
        if (j === n && !final) return ~i;
        if (j < n && buf.charCodeAt(j) === 36)
          return this.openDollar(at, j + 1, buf.slice(i, j + 1));
        // $abc without a closing `$`: the `$` alone; the word is read next.
      }
    }
    this.token(PUNCT, at, at + 1);
    return i + 1;
  }

  private colon(buf: string, i: number, n: number, base: number, final: boolean): number {
    const at = base + i;
    let j = i + 1;
    let kind = PUNCT;
    if (i + 1 >= n) {
      if (!final) return ~i;
    } else {
      const d = buf.charCodeAt(i + 1);
      if (d === 58 || d === 61) {
        j = i + 2;
      } else if (d === 39 || d === 34 || d === 123) {
        // :'name', :"name" and :{?name} only when complete; else the colon alone.
        let from = i + 2;
        if (d === 123) {
          if (i + 2 >= n && !final) return ~i;
          from = i + 2 < n && buf.charCodeAt(i + 2) === 63 ? i + 3 : -1;
        }
        if (from > 0) {
          let k = from;
          while (k < n && is(buf.charCodeAt(k), 8)) k++;
          if (k === n && !final) return ~i;
          if (k > from && k < n && buf.charCodeAt(k) === (d === 123 ? 125 : d)) {
            j = k + 1;
            kind = VARIABLE;
          }
        }
      } else if (is(d, 8)) {
        let k = i + 2;
        while (k < n && is(buf.charCodeAt(k), 8)) k++;
        if (k === n && !final) return ~i;
        j = k;
        kind = VARIABLE;
      }
    }
    this.token(kind, at, base + j);
    return j;
  }

  private meta(buf: string, i: number, lineEnd: number, base: number): number {
    const m = scanMetaLine(buf, i, lineEnd);
    const start = base + i;
    const end = base + m.end;
    const column = start - this.lineStart + 1;
    if (this.stmtStart >= 0) {
      if (!ENDS_STATEMENT.has(m.name)) {
        // psql runs it now and goes on collecting the statement around it.
        this.exclude(start, end);
        this.report(start, start, end, end, this.line, column, this.line, m.name, true);
        this.raw.endedBy = null;
        this.raw.unterminated = false;
        this.raw.excluded = null;
        this.sink.complete(this.raw);
        this.ended(end);
        return m.next;
      }
      const tailEnd = this.lineEndAfterToken >= 0 ? this.lineEndAfterToken : this.lastTokenEnd;
      this.terminate(this.lastTokenEnd, m.name, false);
      this.resolve(tailEnd);
      this.resetCounters();
    } else {
      if (this.pending) this.resolve(this.pendingEnd);
      if (m.name === 'r' || m.name === 'reset') this.resetCounters();
    }
    this.pending = true;
    this.pendingStart = start;
    this.pendingEnd = end;
    this.pendingLine = this.line;
    this.pendingColumn = column;
    this.pendingEndLine = this.line;
    this.pendingMeta = m.name;
    this.pendingEndedBy = null;
    this.pendingUnterminated = false;
    this.pendingExcluded = null;
    this.ended(end);
    return m.next;
  }

  /** After psql sends or resets its query buffer it forgets parentheses and BEGIN blocks. */
  private resetCounters(): void {
    this.parenDepth = 0;
    this.beginDepth = 0;
    this.wordCount = 0;
  }

  private plainString(at: number, next: number): number {
    if (this.standardStringsFromLine > 0 && this.line >= this.standardStringsFromLine) {
      this.standardStrings = this.nextStandardStrings;
      this.standardStringsFromLine = 0;
    }
    return this.standardStrings
      ? this.open(at, next, QUOTED, STRING)
      : this.open(at, next, ESCAPED, ESCAPE_STRING);
  }

  private open(at: number, next: number, mode: number, kind: number): number {
    this.begin(at);
    this.mark(at);
    this.tokenStart = at;
    this.tokenKind = kind;
    this.stringMode = mode;
    this.mode = mode;
    return next;
  }

  private openDollar(at: number, next: number, tag: string): number {
    this.dollarTag = tag;
    return this.open(at, next, DOLLAR, DOLLAR_STRING);
  }

  private mark(at: number): void {
    this.constructLine = this.line;
    this.constructColumn = at - this.lineStart + 1;
    this.tokenStart = at;
  }

  private close(end: number): void {
    this.tokens.add(this.tokenKind, this.tokenStart, end, this.parenDepth);
    this.ended(end);
    this.mode = NORMAL;
  }

  /**
   * Inside '...' (quote 39) or "..." (quote 34), where a doubled quote is a quote; with
   * `backslashes` (E'...', and '...' when standard_conforming_strings is off) a backslash escapes
   * the next character too.
   */
  private quoted(
    buf: string,
    i: number,
    n: number,
    base: number,
    quote: number,
    seen: number,
    backslashes: boolean,
  ): number {
    for (; i < n; i++) {
      const c = buf.charCodeAt(i);
      if (c === quote) {
        if (i + 1 >= n) {
          this.mode = seen;
          return n;
        }
        if (buf.charCodeAt(i + 1) !== quote) {
          this.close(base + i + 1);
          return i + 1;
        }
        i++;
      } else if (c === LF) {
        this.lineInToken(base + i);
      } else if (c === 92 && backslashes) {
        if (i + 1 >= n) {
          this.mode = ESCAPED_BACKSLASH;
          return n;
        }
        i++;
        if (buf.charCodeAt(i) === LF) this.lineInToken(base + i);
      }
    }
    return n;
  }

  /** The last chunk ended on a closing-or-doubled quote; this character decides. */
  private afterQuote(buf: string, i: number, base: number, resume: number, quote: number): number {
    if (buf.charCodeAt(i) === quote) {
      this.mode = resume;
      return i + 1;
    }
    this.close(base + i);
    return i;
  }

  private bits(buf: string, i: number, n: number, base: number): number {
    for (; i < n; i++) {
      const c = buf.charCodeAt(i);
      if (c === 39) {
        this.close(base + i + 1);
        return i + 1;
      }
      if (c === LF) this.lineInToken(base + i);
    }
    return n;
  }

  private dollarBody(buf: string, i: number, n: number, base: number, final: boolean): number {
    const tag = this.dollarTag;
    for (; i < n; i++) {
      const c = buf.charCodeAt(i);
      if (c === 36) {
        if (i + tag.length > n) {
          if (!final) return ~i;
        } else if (buf.startsWith(tag, i)) {
          this.close(base + i + tag.length);
          return i + tag.length;
        }
      } else if (c === LF) {
        this.lineInToken(base + i);
      }
    }
    return n;
  }

  private lineComment(buf: string, i: number, n: number): number {
    // Ends at CR as well as LF, as in psql; the line break itself is read as blank space.
    for (; i < n; i++) {
      const c = buf.charCodeAt(i);
      if (c === LF || c === 13) {
        this.mode = NORMAL;
        return i;
      }
    }
    return n;
  }

  private blockComment(buf: string, i: number, n: number, base: number, final: boolean): number {
    for (; i < n; i++) {
      const c = buf.charCodeAt(i);
      if (c === 42 || c === 47) {
        if (i + 1 >= n) {
          if (!final) return ~i;
          continue;
        }
        const d = buf.charCodeAt(i + 1);
        if (c === 42 && d === 47) {
          i++;
          if (this.commentDepth === 0) {
            this.mode = NORMAL;
            return i + 1;
          }
          this.commentDepth--;
        } else if (c === 47 && d === 42) {
          i++;
          this.commentDepth++;
        }
      } else if (c === LF) {
        this.line++;
        this.lineStart = base + i + 1;
        if (this.lineEndAfterToken === -1) this.lineEndAfterToken = -2;
        if (this.pending) this.resolve(this.pendingEnd);
        if (this.copyWaiting) throw this.copyLineError(this.tokenStart);
      }
    }
    return n;
  }

  private dataLines(buf: string, i: number, n: number, base: number, final: boolean): number {
    const data = this.data;
    const r = data.scan(buf, i, n, base, final, this);
    const stop = r < 0 ? ~r : data.finished ? data.terminator!.start - base : r;
    if (stop > i) this.sink.copyData(buf, i, stop);
    if (r >= 0 && data.finished) this.endData(base + r, data.terminator);
    return r;
  }

  private endData(end: number, terminator: Span | null): void {
    const data = this.data;
    this.unitStart = end;
    const next = this.sink.endData({
      start: data.start,
      line: data.line,
      end,
      terminator,
      quoteLine: data.openQuote ? data.quoteLine : 0,
    });
    if (next) data.begin(next, end, this.line);
    else this.mode = NORMAL;
  }

  /** A line break outside strings: ends a waiting statement's line, and may start COPY data. */
  private lineBreak(at: number): void {
    this.line++;
    this.lineStart = at + 1;
    if (this.lineEndAfterToken === -1) this.lineEndAfterToken = at + 1;
    if (this.pending) this.resolve(at + 1);
    if (this.copyWaiting) this.startData(at + 1);
  }

  private lineInToken(at: number): void {
    this.line++;
    this.lineStart = at + 1;
    if (this.copyWaiting) throw this.copyLineError(this.tokenStart);
  }

  /** Whether COPY data starts at `at`. */
  private startData(at: number): boolean {
    if (this.stmtStart >= 0) throw this.copyLineError(this.stmtStart);
    this.copyWaiting = false;
    const format = this.sink.startData(at);
    if (format === null) return false;
    this.data.begin(format, at, this.line);
    this.mode = DATA;
    return true;
  }

  private copyLineError(at: number): ScriptSyntaxError {
    return this.error(
      'copy-line-continues',
      'this continues past the end of a COPY ... FROM STDIN line, but psql reads the next lines as COPY data: end it on that line, or move it after the data',
      at,
    );
  }

  /** A token of its own kind from `at` to `end`, at the current parenthesis depth. */
  private token(kind: number, at: number, end: number): void {
    this.begin(at);
    this.tokens.add(kind, at, end, this.parenDepth);
    this.ended(end);
  }

  private begin(at: number): void {
    if (this.pending) this.resolve(this.pendingEnd);
    if (this.stmtStart < 0) {
      this.stmtStart = at;
      this.stmtLine = this.line;
      this.stmtColumn = at - this.lineStart + 1;
      this.tokens.reset();
    }
  }

  private ended(at: number): void {
    this.lastTokenEnd = at;
    this.lastTokenLine = this.line;
    this.lineEndAfterToken = -1;
  }

  private exclude(start: number, end: number): void {
    if (this.excluded === null) this.excluded = [];
    this.excluded.push({ start, end });
  }

  private terminate(end: number, endedBy: string | null, unterminated: boolean): void {
    this.pending = true;
    this.pendingStart = this.stmtStart;
    this.pendingEnd = end;
    this.pendingLine = this.stmtLine;
    this.pendingColumn = this.stmtColumn;
    this.pendingEndLine = this.lastTokenLine;
    this.pendingMeta = null;
    this.pendingEndedBy = endedBy;
    this.pendingUnterminated = unterminated;
    this.pendingExcluded = this.excluded;
    this.stmtStart = -1;
    this.excluded = null;
  }

  private resolve(tailEnd: number): void {
    this.pending = false;
    const { raw } = this;
    this.report(
      this.unitStart,
      this.pendingStart,
      this.pendingEnd,
      tailEnd,
      this.pendingLine,
      this.pendingColumn,
      this.pendingEndLine,
      this.pendingMeta,
      false,
    );
    raw.endedBy = this.pendingEndedBy;
    raw.unterminated = this.pendingUnterminated;
    raw.excluded = this.pendingExcluded;
    this.unitStart = tailEnd;
    this.sink.complete(raw);
  }

  /** Fills the one RawStatement object handed to the sink (which copies what it keeps). */
  private report(
    leadingStart: number,
    start: number,
    end: number,
    tailEnd: number,
    line: number,
    column: number,
    endLine: number,
    meta: string | null,
    nested: boolean,
  ): void {
    const { raw } = this;
    raw.leadingStart = leadingStart;
    raw.start = start;
    raw.end = end;
    raw.tailEnd = tailEnd;
    raw.line = line;
    raw.column = column;
    raw.endLine = endLine;
    raw.meta = meta;
    raw.nested = nested;
  }

  private finish(end: number): void {
    for (;;) {
      switch (this.mode) {
        case NORMAL:
        case LINE_COMMENT:
          break;
        case QUOTE_SEEN:
        case IDENT_QUOTE_SEEN:
          this.close(end);
          break;
        case BLOCK_COMMENT:
          throw this.unterminated('unterminated-comment', 'unterminated /* comment');
        case DOLLAR:
          throw this.unterminated(
            'unterminated-dollar-string',
            `unterminated dollar-quoted string (no closing ${this.dollarTag})`,
          );
        case DATA:
          // COPY data that runs to the end: the splitter decides whether that is an error.
          this.endData(end, null);
          continue;
        default: {
          const [code, message] = UNTERMINATED[this.tokenKind]!;
          throw this.unterminated(code, message);
        }
      }
      if (this.stmtStart >= 0) {
        // The last statement has no `;`; psql sends it anyway when the input ends.
        const after = this.lineEndAfterToken;
        const tailEnd = after >= 0 ? after : after === -1 ? end : this.lastTokenEnd;
        this.terminate(this.lastTokenEnd, null, true);
        this.resolve(tailEnd);
      } else if (this.pending) {
        this.resolve(end);
      }
      if (!this.copyWaiting) return;
      // A COPY ... FROM STDIN on the last line: its data is empty and unterminated.
      if (!this.startData(end)) return;
    }
  }

  private unterminated(code: ScriptSyntaxErrorCode, message: string): ScriptSyntaxError {
    return new ScriptSyntaxError(
      code,
      message,
      this.constructLine,
      this.constructColumn,
      this.tokenStart,
    );
  }

  private error(code: ScriptSyntaxErrorCode, message: string, at: number): ScriptSyntaxError {
    // Only called for `at` on the current line or an earlier line of the statement being read.
    let line = this.line;
    let column = at - this.lineStart + 1;
    if (at < this.lineStart) {
      line = at === this.stmtStart ? this.stmtLine : this.constructLine;
      column = at === this.stmtStart ? this.stmtColumn : this.constructColumn;
    }
    return new ScriptSyntaxError(code, message, line, column, at);
  }
}
