// A type name as written in a cast or a typed literal (`::int`, `CAST(x AS character varying)`,
// `timestamp with time zone '...'`), reduced to one spelling: words folded and single-spaced,
// qualified parts joined by dots, `[]` per array dimension.

import { readQualifiedName } from './identifier.js';
import { isWord, skipSpace, wordEnd } from './lex.js';

export interface TypeName {
  name: string;
  end: number;
  /** A modifier was given, `varchar(3)`, `numeric(10,2)`: it may round or cut the value. */
  typmod: boolean;
  /**
   * False when the bare type has an implicit length that cuts text: `char` and `character` are
   * char(1), `bit` is bit(1).
   */
  keepsText: boolean;
}

const intervalFields = new Set(['year', 'month', 'day', 'hour', 'minute', 'second']);

/** The word after `pos` (skipping space), as [start, end), or null. */
function nextWord(text: string, pos: number): [number, number] | null {
  const at = skipSpace(text, pos);
  if (at < 0) return null;
  const end = wordEnd(text, at);
  return end > at ? [at, end] : null;
}

function followedBy(text: string, pos: number, keyword: string): number {
  const word = nextWord(text, pos);
  return word && isWord(text, word[0], word[1], keyword) ? word[1] : -1;
}

/** The type name at `pos`, or null when there is none. */
export function readTypeName(text: string, pos: number): TypeName | null {
  const qualified = readQualifiedName(text, pos);
  if (qualified === null) return null;
  let end = qualified.end;
  let name = qualified.parts.join('.');
  let keepsText = true;
  let typmod = false;
  if (qualified.parts.length === 1) {
    switch (name) {
      case 'double': {
        const p = followedBy(text, end, 'precision');
        if (p < 0) break;
        name = 'double precision';
        end = p;
        break;
      }
      case 'national':
      case 'character':
      case 'char':
      case 'nchar':
      case 'bit': {
        if (name === 'national') {
          const word = nextWord(text, end);
          if (!word) break;
          if (
            !isWord(text, word[0], word[1], 'character') &&
            !isWord(text, word[0], word[1], 'char')
          )
            break;
          end = word[1];
          name = 'character';
        }
        const varying = followedBy(text, end, 'varying');
        if (varying >= 0) {
          end = varying;
          name = name === 'bit' ? 'bit varying' : 'character varying';
        } else {
          keepsText = false;
        }
        break;
      }
      case 'timestamp':
      case 'time': {
        const afterTypmod = skipTypmod(text, end);
        if (afterTypmod === null) return null;
        typmod = afterTypmod !== end;
        end = afterTypmod;
        const zone = readTimeZoneClause(text, end);
        if (zone !== null) {
          name += zone.words;
          end = zone.end;
        }
        break;
      }
      case 'interval': {
        const word = nextWord(text, end);
        if (word && intervalFields.has(text.slice(word[0], word[1]).toLowerCase())) return null;
        break;
      }
    }
  }
  const afterTypmod = skipTypmod(text, end);
  if (afterTypmod === null) return null;
  if (afterTypmod !== end) typmod = true;
  end = afterTypmod;
  for (;;) {
    const at = skipSpace(text, end);
    if (at < 0) return null;
    if (text.charCodeAt(at) === 91) {
      const close = text.indexOf(']', at);
      if (close < 0) return null;
      name += '[]';
      end = close + 1;
      continue;
    }
    const array = followedBy(text, end, 'array');
    if (array < 0) break;
    name += '[]';
    end = array;
  }
  return { name, end, typmod, keepsText };
}

/** `(...)` after a type name: the position after it, `pos` when there is none, null if open. */
function skipTypmod(text: string, pos: number): number | null {
  const at = skipSpace(text, pos);
  if (at < 0) return null;
  if (text.charCodeAt(at) !== 40) return pos;
  let depth = 0;
  for (let p = at; p < text.length; p++) {
    const c = text.charCodeAt(p);
    // Type modifiers are numbers and names; anything string-like is not a type modifier.
    if (c === 39 || c === 34 || c === 36 || c === 59) return null;
    if (c === 40) depth++;
    else if (c === 41 && --depth === 0) return p + 1;
  }
  return null;
}

function readTimeZoneClause(text: string, pos: number): { words: string; end: number } | null {
  let end = followedBy(text, pos, 'with');
  let words = ' with time zone';
  if (end < 0) {
    end = followedBy(text, pos, 'without');
    words = ' without time zone';
  }
  if (end < 0) return null;
  end = followedBy(text, end, 'time');
  if (end < 0) return null;
  end = followedBy(text, end, 'zone');
  if (end < 0) return null;
  return { words, end };
}
