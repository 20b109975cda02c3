// Statements that change standard_conforming_strings, which decides whether a backslash escapes a
// quote in '...': SET [SESSION|LOCAL] ... {=|TO} value, SET ... TO DEFAULT, RESET, RESET ALL, and
// SELECT [pg_catalog.]set_config('standard_conforming_strings', value, ...) as pg_dump writes it.
// The default is taken to be on, as it is on every server since 9.1.

import { parseBoolean } from '../parse-bool.js';
import { stringAt } from './literals.js';
import { identifierAt } from './names.js';
import type { TokenView } from './token-view.js';
import { NUMBER, WORD } from './tokens.js';

const SETTING = 'standard_conforming_strings';

function valueAt(view: TokenView, i: number): boolean | null {
  const kind = view.kind(i);
  if (kind === WORD) return view.is(i, 'default') ? true : parseBoolean(view.raw(i));
  if (kind === NUMBER) return parseBoolean(view.raw(i));
  const text = stringAt(view, i);
  return text === null ? null : parseBoolean(text);
}

/** The value the statement gives standard_conforming_strings, or null when it leaves it alone. */
export function standardStringsSetting(view: TokenView): boolean | null {
  const first = view.word(0);
  if (first === 'set') {
    let i = 1;
    const scope = view.word(i);
    if (scope === 'session' || scope === 'local') i++;
    const name = identifierAt(view, i);
    if (name === null || name.value !== SETTING) return null;
    i = name.next;
    if (!view.punct(i, '=') && !view.is(i, 'to')) return null;
    return valueAt(view, i + 1);
  }
  if (first === 'reset') {
    if (view.is(1, 'all')) return true;
    return identifierAt(view, 1)?.value === SETTING ? true : null;
  }
  if (first === 'select') {
    let i = 1;
    if (view.is(i, 'pg_catalog') && view.punct(i + 1, '.')) i += 2;
    if (!view.is(i, 'set_config') || !view.punct(i + 1, '(')) return null;
    if (stringAt(view, i + 2) !== SETTING || !view.punct(i + 3, ',')) return null;
    return valueAt(view, i + 4);
  }
  return null;
}
