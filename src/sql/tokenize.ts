// A small SQL tokenizer for the places that must find words in a statement without being fooled
// by strings, quoted names, dollar quotes or comments: rewriting COPY sources and targets,
// reading transaction control and SET, psql variable substitution. It does not parse.

export type TokenKind =
  /** A bare word: keyword or unquoted identifier (`$` allowed after the first character). */
  | 'word'
  /** `"Name"` or `U&"..."`. */
  | 'quoted-identifier'
  /** `'...'` with any prefix (E, B, X, N, U&). */
  | 'string'
  /** `$tag$...$tag$`. */
  | 'dollar-string'
  | 'number'
  /** `$1`. */
  | 'parameter'
  /** psql `:name`, `:'name'`, `:"name"` (only when asked for). */
  | 'psql-variable'
  /** Operators and punctuation; `::` is one token, brackets and `,;.` are one character each. */
  | 'symbol';

export interface Token {
  kind: TokenKind;
  /** UTF-16 offsets into the text, end exclusive. */
  start: number;
  end: number;
}

export interface TokenizeOptions {
  /**
   * standard_conforming_strings: when off, a backslash escapes the next character in plain
   * `'...'` strings too. On by default since PostgreSQL 9.1, and pg_dump sets it on.
   */
  standardConformingStrings?: boolean;
  /** Recognise psql variable references (`:name`, `:'name'`, `:"name"`). */
  psqlVariables?: boolean;
}

const OPERATOR_CHARS = '+-*/<>=~!@#%^&|`?';
const SINGLE_CHARS = '()[],;.:';

function isIdentStart(c: string): boolean {
  return /[A-Za-z_]/.test(c) || c.charCodeAt(0) >= 0x80;
}

function isIdentPart(c: string): boolean {
  return /[A-Za-z0-9_$]/.test(c) || c.charCodeAt(0) >= 0x80;
}

/** psql's variable_char: letters, digits, underscore and any non-ASCII character, no `$`. */
export function isPsqlVariableChar(c: string): boolean {
  return /[A-Za-z0-9_]/.test(c) || c.charCodeAt(0) >= 0x80;
}

export function tokenize(text: string, options: TokenizeOptions = {}): Token[] {
  const standard = options.standardConformingStrings ?? true;
  const tokens: Token[] = [];
  let i = 0;
  const n = text.length;
  const push = (kind: TokenKind, start: number, end: number) => {
    tokens.push({ kind, start, end });
    i = end;
  };

  while (i < n) {
    const c = text[i]!;
    const next = text[i + 1] ?? '';
    if (/\s/.test(c)) {
      i++;
    } else if (c === '-' && next === '-') {
      const eol = text.indexOf('\n', i);
      i = eol === -1 ? n : eol + 1;
    } else if (c === '/' && next === '*') {
      i = blockCommentEnd(text, i);
    } else if (c === "'") {
      push('string', i, stringEnd(text, i, !standard));
    } else if (/[EeBbXxNn]/.test(c) && next === "'") {
      push('string', i, stringEnd(text, i + 1, /[Ee]/.test(c) || !standard));
    } else if (/[Uu]/.test(c) && next === '&' && (text[i + 2] === "'" || text[i + 2] === '"')) {
      const quote = text[i + 2];
      if (quote === "'") push('string', i, stringEnd(text, i + 2, false));
      else push('quoted-identifier', i, quotedEnd(text, i + 2, '"'));
    } else if (c === '"') {
      push('quoted-identifier', i, quotedEnd(text, i, '"'));
    } else if (c === '$') {
      const dollar = dollarTagAt(text, i);
      if (dollar !== null) {
        const close = text.indexOf(dollar, i + dollar.length);
        push('dollar-string', i, close === -1 ? n : close + dollar.length);
      } else if (/[0-9]/.test(next)) {
        let j = i + 1;
        while (j < n && /[0-9]/.test(text[j]!)) j++;
        push('parameter', i, j);
      } else {
        push('symbol', i, i + 1);
      }
    } else if (isIdentStart(c)) {
      let j = i + 1;
      while (j < n && isIdentPart(text[j]!)) j++;
      push('word', i, j);
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(next))) {
      push('number', i, numberEnd(text, i));
    } else if (c === ':' && next === ':') {
      push('symbol', i, i + 2);
    } else if (c === ':' && options.psqlVariables) {
      const end = psqlVariableEnd(text, i);
      if (end !== null) push('psql-variable', i, end);
      else push('symbol', i, i + 1);
    } else if (SINGLE_CHARS.includes(c)) {
      push('symbol', i, i + 1);
    } else if (OPERATOR_CHARS.includes(c)) {
      let j = i + 1;
      // An operator ends where a comment starts.
      while (
        j < n &&
        OPERATOR_CHARS.includes(text[j]!) &&
        !(text[j] === '-' && text[j + 1] === '-') &&
        !(text[j] === '/' && text[j + 1] === '*')
      ) {
        j++;
      }
      push('symbol', i, j);
    } else {
      push('symbol', i, i + 1);
    }
  }
  return tokens;
}

/** End (exclusive) of a `'...'` string whose opening quote is at `open`. Unterminated: text end. */
function stringEnd(text: string, open: number, backslashEscapes: boolean): number {
  let j = open + 1;
  while (j < text.length) {
    const c = text[j];
    if (backslashEscapes && c === '\\') {
      j += 2;
    } else if (c === "'") {
      if (text[j + 1] === "'") j += 2;
      else return j + 1;
    } else {
      j++;
    }
  }
  return text.length;
}

function quotedEnd(text: string, open: number, quote: string): number {
  let j = open + 1;
  while (j < text.length) {
    if (text[j] === quote) {
      if (text[j + 1] === quote) j += 2;
      else return j + 1;
    } else {
      j++;
    }
  }
  return text.length;
}

/** Block comments nest in PostgreSQL. */
function blockCommentEnd(text: string, open: number): number {
  let depth = 0;
  let j = open;
  while (j < text.length) {
    if (text[j] === '/' && text[j + 1] === '*') {
      depth++;
      j += 2;
    } else if (text[j] === '*' && text[j + 1] === '/') {
      depth--;
      j += 2;
      if (depth === 0) return j;
    } else {
      j++;
    }
  }
  return text.length;
}

/** `$tag$` at `at` (the tag may be empty), or null when `$` does not open a dollar quote. */
function dollarTagAt(text: string, at: number): string | null {
  let j = at + 1;
  if (text[j] === '$') return '$$';
  if (j >= text.length || !isIdentStart(text[j]!)) return null;
  while (j < text.length && text[j] !== '$') {
    if (!isIdentPart(text[j]!) || text[j] === '$') return null;
    j++;
  }
  return j < text.length ? text.slice(at, j + 1) : null;
}

function numberEnd(text: string, start: number): number {
  const match =
    /^(?:0[xXoObB][0-9A-Fa-f_]+|\d[\d_]*(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)/.exec(
      text.slice(start, start + 400),
    );
  return start + Math.max(1, match?.[0].length ?? 1);
}

/** `:name`, `:'name'` or `:"name"` starting at the colon; null when none is there. */
function psqlVariableEnd(text: string, colon: number): number | null {
  const first = text[colon + 1] ?? '';
  if (first === "'" || first === '"') {
    let j = colon + 2;
    while (j < text.length && isPsqlVariableChar(text[j]!)) j++;
    return j > colon + 2 && text[j] === first ? j + 1 : null;
  }
  let j = colon + 1;
  while (j < text.length && isPsqlVariableChar(text[j]!)) j++;
  return j > colon + 1 ? j : null;
}

/** The token's text. */
export function tokenText(text: string, token: Token): string {
  return text.slice(token.start, token.end);
}

/** A word token's text in lower case, or null for any other token. */
export function wordOf(text: string, token: Token | undefined): string | null {
  return token?.kind === 'word' ? text.slice(token.start, token.end).toLowerCase() : null;
}

/**
 * The identifier a word or quoted-identifier token names, as PostgreSQL folds it: bare words in
 * lower case (ASCII only, as the server does), quoted names as written. Null for other tokens.
 */
export function identifierOf(text: string, token: Token | undefined): string | null {
  if (!token) return null;
  const raw = text.slice(token.start, token.end);
  if (token.kind === 'word') return raw.replace(/[A-Z]+/g, (s) => s.toLowerCase());
  if (token.kind === 'quoted-identifier' && raw.startsWith('"')) {
    return raw.slice(1, -1).replaceAll('""', '"');
  }
  return null;
}
