// Turns the server's message templates (English msgids and their translations) into regular
// expressions that find a message anywhere in pasted text and give back its arguments in
// English argument order, whatever order the translation puts them in.

import { type MessageName, messageIds } from './message-ids.js';

export interface Template {
  name: MessageName;
  language: string;
  regex: RegExp;
  /** groupArg[g] = the English argument index (0-based) captured by regex group g + 1. */
  groupArg: number[];
  /** Number of arguments the English message has. */
  argCount: number;
}

export interface TemplateMatch {
  template: Template;
  index: number;
  length: number;
  /** Arguments in English order. */
  args: string[];
}

/** `{ de: { msgid: msgstr } }` as extracted from the server's gettext catalogs. */
export type Translations = Record<string, Record<string, string>>;

const placeholder = /%(?:(\d+)\$)?s/g;
// Quotes that chat apps and word processors substitute for the server's plain double quote.
const doubleQuote = '["\u201c\u201d\u201e]';

function escapeLiteral(text: string): string {
  return text
    .split(/\s+/)
    .map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/"/g, doubleQuote))
    .join('\\s+');
}

function compile(name: MessageName, language: string, msgstr: string): Template {
  const argCount = (messageIds[name].match(/%s/g) ?? []).length;
  // In the key templates the second argument is the list of values: it may contain `)=(`,
  // quotes or newlines, so it may span lines and ends only where the rest of the message
  // follows. Its length is bounded so that text full of near misses cannot make the search
  // quadratic. Every other argument is one line, matched lazily.
  const greedyArg = name.startsWith('key') ? 1 : -1;
  const groupArg: number[] = [];
  let source = '';
  let last = 0;
  let sequential = 0;
  for (const match of msgstr.matchAll(placeholder)) {
    const index = match.index ?? 0;
    source += escapeLiteral(msgstr.slice(last, index));
    const arg = match[1] ? Number(match[1]) - 1 : sequential++;
    groupArg.push(arg);
    last = index + match[0].length;
    // A placeholder that ends the template (a translation that lost its closing quote) runs to
    // the end of the line; otherwise the literal text after it bounds it.
    const atEnd = msgstr.slice(last).trim() === '';
    source += arg === greedyArg ? '([\\s\\S]{0,8192}?)' : atEnd ? '(.+)' : '(.+?)';
  }
  source += escapeLiteral(msgstr.slice(last));
  // The translated catalogs end some DETAIL messages without the final period; accept both.
  source = source.replace(/\\\.$/, '\\.?');
  return { name, language, regex: new RegExp(source, 'g'), groupArg, argCount };
}

export function compileTemplates(translations: Translations): Template[] {
  const templates: Template[] = [];
  for (const name of Object.keys(messageIds) as MessageName[]) {
    templates.push(compile(name, 'en', messageIds[name]));
  }
  for (const [language, catalog] of Object.entries(translations)) {
    for (const name of Object.keys(messageIds) as MessageName[]) {
      const msgstr = catalog[messageIds[name]];
      if (!msgstr || msgstr === messageIds[name]) continue;
      templates.push(compile(name, language, msgstr));
    }
  }
  return templates;
}

/** The first match of `template` at or after `from`, or null. */
export function matchTemplate(template: Template, text: string, from = 0): TemplateMatch | null {
  template.regex.lastIndex = from;
  const found = template.regex.exec(text);
  if (!found) return null;
  const args: string[] = new Array(template.argCount).fill('');
  template.groupArg.forEach((arg, group) => {
    args[arg] = found[group + 1] ?? '';
  });
  return { template, index: found.index, length: found[0].length, args };
}

/** Whether `candidate` should replace `best`: earlier, or as early and longer. */
export function isBetterMatch(candidate: TemplateMatch, best: TemplateMatch | null): boolean {
  if (!best) return true;
  return (
    candidate.index < best.index ||
    (candidate.index === best.index && candidate.length > best.length)
  );
}
