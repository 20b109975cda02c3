// All message templates of all languages, with a search that stays linear on huge inputs:
// each template's next match is remembered, so scanning a 50 MB log for every occurrence runs
// each regular expression over the text once.

import { detailMessages, primaryMessages } from './message-ids.js';
import {
  compileTemplates,
  isBetterMatch,
  matchTemplate,
  type Template,
  type TemplateMatch,
  type Translations,
} from './templates.js';

export interface LabelledFields {
  sqlstate?: string;
  schema?: string;
  table?: string;
  constraint?: string;
  statement?: string;
}

export interface TemplateSet {
  firstPrimary(text: string, from: number): TemplateMatch | null;
  firstDetail(text: string, from: number): TemplateMatch | null;
  /** Fields psql prints in verbose mode and servers log, in any language. */
  labelledFields(region: string): LabelledFields;
}

// libpq's labels for verbose error fields, and the server log's STATEMENT line.
const labelIds = {
  schema: 'SCHEMA NAME:  %s\n',
  table: 'TABLE NAME:  %s\n',
  constraint: 'CONSTRAINT NAME:  %s\n',
  statement: 'STATEMENT:  ',
} as const;

function labelPattern(translations: Translations, id: string): RegExp {
  const labels = new Set([id]);
  for (const catalog of Object.values(translations)) {
    const translated = catalog[id];
    if (translated) labels.add(translated);
  }
  const alternatives = [...labels].map((label) =>
    label
      .replace(/%s\s*$/, '')
      .trim()
      .replace(/:$/, '')
      .trim()
      .replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
  );
  return new RegExp(`^(?:.*\\s)?(?:${alternatives.join('|')})\\s*:\\s+(.*)$`, 'm');
}

class MemoSearch {
  private text: string | null = null;
  private next: (TemplateMatch | null | undefined)[] = [];
  constructor(readonly templates: Template[]) {}

  first(text: string, from: number): TemplateMatch | null {
    if (text !== this.text) {
      this.text = text;
      this.next = new Array(this.templates.length).fill(undefined);
    }
    let best: TemplateMatch | null = null;
    this.templates.forEach((template, i) => {
      let found = this.next[i];
      if (found === null) return; // no match after an earlier `from`, so none after this one
      if (found === undefined || found.index < from) {
        found = matchTemplate(template, text, from);
        this.next[i] = found;
      }
      if (found && isBetterMatch(found, best)) best = found;
    });
    return best;
  }
}

export function createTemplateSet(translations: Translations): TemplateSet {
  const templates = compileTemplates(translations);
  const primary = new MemoSearch(templates.filter((t) => primaryMessages.includes(t.name)));
  const detail = new MemoSearch(templates.filter((t) => detailMessages.includes(t.name)));
  const labels = {
    schema: labelPattern(translations, labelIds.schema),
    table: labelPattern(translations, labelIds.table),
    constraint: labelPattern(translations, labelIds.constraint),
    statement: labelPattern(translations, labelIds.statement),
  };
  return {
    firstPrimary: (text, from) => primary.first(text, from),
    // Detail searches run on small regions; a fresh search each time keeps them independent.
    firstDetail: (text, from) => new MemoSearch(detail.templates).first(text, from),
    labelledFields(region) {
      const out: LabelledFields = {};
      for (const key of ['schema', 'table', 'constraint', 'statement'] as const) {
        const value = labels[key].exec(region)?.[1]?.trim();
        if (value) out[key] = value;
      }
      const state = /(?:SQLSTATE|SQL state|state_code)[:=\s]+["']?(\d{5})/i.exec(region)?.[1];
      if (state) out.sqlstate = state;
      return out;
    },
  };
}
