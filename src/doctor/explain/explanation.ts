// The result of `fkdoctor explain`: plain data, rendered as text, Markdown or JSON.

import type { Violation } from '../../model/violation.js';
import type { LiveDiagnosis } from './live/live-diagnosis.js';

export type Likelihood = 'high' | 'medium' | 'low';

export interface Cause {
  id: string;
  title: string;
  /** Why we think so, or what would confirm it. */
  why: string;
  likelihood: Likelihood;
}

export interface SqlStep {
  title: string;
  sql: string;
}

export interface Fix {
  id: string;
  title: string;
  /** When this is the right fix. */
  when: string;
  sql: string;
  risks: string[];
  /** Written in the application's language rather than SQL (e.g. `typescript`). */
  language?: string;
}

export interface Advice {
  /** What happened, in plain words. */
  summary: string;
  causes: Cause[];
  diagnostics: SqlStep[];
  fixes: Fix[];
}

export interface Explanation extends Advice {
  violation: Violation;
  /** Parts of the SQL below that rest on naming conventions rather than the catalog. */
  assumptions: string[];
  /** What the live database said (with `--db`), else null. */
  live: LiveDiagnosis | null;
}

const rank: Record<Likelihood, number> = { high: 0, medium: 1, low: 2 };

/** Causes most likely first; stable for equal likelihood. */
export function rankCauses(causes: Cause[]): Cause[] {
  return causes
    .map((cause, index) => ({ cause, index }))
    .sort((a, b) => rank[a.cause.likelihood] - rank[b.cause.likelihood] || a.index - b.index)
    .map(({ cause }) => cause);
}
