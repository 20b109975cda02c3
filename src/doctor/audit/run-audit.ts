// Runs the audit: reads the catalog and table activity once, runs each selected check, applies
// the user's severities and silences, and ranks what is left by impact.

import type { Engine } from '../../engine/engine.js';
import { isDatabaseError } from '../../engine/errors.js';
import { readCatalog } from '../../engine/introspect.js';
import type { Catalog } from '../../model/catalog.js';
import { type Finding, rankFindings, type Severity } from '../../model/finding.js';
import { buildFkGraph } from '../../model/fk-graph.js';
import { quoteQualified } from '../../sql/quote.js';
import { selectSchemas } from '../graph/selection.js';
import { findTableNamed } from '../graph/table-name.js';
import type { AuditConfig, IgnoreRule } from './audit-config.js';
import type { AuditContext, Check } from './check.js';
import { checks as allChecks } from './registry.js';
import { readTableActivity } from './table-activity.js';

export interface AuditOptions {
  /** Run only these checks (ids); the config's `only` when not given. */
  only?: readonly string[];
  /** Leave these checks out, with the config's `skip`. */
  skip?: readonly string[];
  config?: AuditConfig;
  /** Only the tables of these schemas (FKs crossing out of them are still read). */
  schemas?: readonly string[];
  /** False: read only the catalog, count no rows (see AuditContext.readRows). Default true. */
  readRows?: boolean;
  sampleSize?: number;
  signal?: AbortSignal;
  /** The checks to choose from; the registry by default (tests pass their own). */
  checks?: readonly Check[];
}

export interface SilencedFinding {
  finding: Finding;
  reason: string;
}

export interface AuditReport {
  /** Where the audit ran, as the engine labels it (no password). */
  database: string;
  serverVersion: string;
  /** Ids of the checks that ran, in registry order. */
  checks: string[];
  /** Ranked by impact: severity, then check, table, constraint. */
  findings: Finding[];
  /** Findings an ignore rule of the config silenced, with its reason. */
  silenced: SilencedFinding[];
  /** Things the user should know that are not findings (a check that could not run, a stale ignore rule). */
  notes: string[];
}

export class AuditSelectionError extends Error {}

export async function runAudit(engine: Engine, options: AuditOptions = {}): Promise<AuditReport> {
  const available = options.checks ?? allChecks;
  const selected = selectChecks(available, options);
  const catalog = selectSchemas(await readCatalog(engine), options.schemas);
  const context: AuditContext = {
    catalog,
    graph: buildFkGraph(catalog),
    engine,
    activity: await readTableActivity(engine),
    readRows: options.readRows ?? true,
    sampleSize: options.sampleSize ?? 5,
    ...(options.signal ? { signal: options.signal } : {}),
  };
  const notes: string[] = [];
  const found: Finding[] = [];
  for (const check of selected) {
    options.signal?.throwIfAborted();
    if (check.readsRows && !context.readRows) notes.push(`${check.id}: rows not read (--no-rows)`);
    try {
      found.push(...(await check.detect(context)));
    } catch (error) {
      // A server error in one check (no SELECT right on a table, statement_timeout) should not
      // hide the others' findings; the connection going away still ends the audit.
      if (!isDatabaseError(error)) throw error;
      notes.push(`${check.id} could not finish: ${error.message}`);
    }
  }
  const severity = options.config?.severity ?? {};
  const graded = found.flatMap((finding) => regrade(finding, severity[finding.check]));
  const { kept, silenced, unused } = applyIgnores(graded, options.config?.ignore ?? [], catalog);
  for (const rule of unused) notes.push(`ignore rule matched nothing: ${describeRule(rule)}`);
  return {
    database: engine.label,
    serverVersion: catalog.serverVersion,
    checks: selected.map((c) => c.id),
    findings: rankFindings(kept),
    silenced,
    notes,
  };
}

function selectChecks(available: readonly Check[], options: AuditOptions): Check[] {
  const ids = available.map((c) => c.id);
  const only = options.only?.length ? options.only : options.config?.only;
  const skip = [...(options.skip ?? []), ...(options.config?.skip ?? [])];
  for (const id of [...(only ?? []), ...skip]) {
    if (!ids.includes(id)) {
      throw new AuditSelectionError(`no check "${id}" (checks: ${ids.join(', ')})`);
    }
  }
  return available.filter(
    (check) => (!only?.length || only.includes(check.id)) && !skip.includes(check.id),
  );
}

function regrade(finding: Finding, level: Severity | 'off' | undefined): Finding[] {
  if (level === undefined) return [finding];
  return level === 'off' ? [] : [{ ...finding, severity: level }];
}

function applyIgnores(
  findings: Finding[],
  rules: readonly IgnoreRule[],
  catalog: Catalog,
): { kept: Finding[]; silenced: SilencedFinding[]; unused: IgnoreRule[] } {
  const matchers = rules.map((rule) => ({ rule, table: tableOf(rule, catalog), used: false }));
  const kept: Finding[] = [];
  const silenced: SilencedFinding[] = [];
  for (const finding of findings) {
    const matcher = matchers.find(
      (m) =>
        m.rule.check === finding.check &&
        (m.rule.table === undefined || m.table === finding.table) &&
        (m.rule.constraint === undefined ||
          m.rule.constraint === finding.constraint ||
          (finding.constraints ?? []).includes(m.rule.constraint)),
    );
    if (!matcher) {
      kept.push(finding);
      continue;
    }
    matcher.used = true;
    silenced.push({ finding, reason: matcher.rule.reason ?? 'silenced by the config' });
  }
  return { kept, silenced, unused: matchers.filter((m) => !m.used).map((m) => m.rule) };
}

/** The rule's table as findings print it; an unknown table matches nothing (and is reported). */
function tableOf(rule: IgnoreRule, catalog: Catalog): string | null {
  if (rule.table === undefined) return null;
  try {
    return quoteQualified(findTableNamed(catalog.tables, rule.table));
  } catch {
    return `\0${rule.table}`;
  }
}

function describeRule(rule: IgnoreRule): string {
  const parts = [`check ${rule.check}`];
  if (rule.table !== undefined) parts.push(`table ${rule.table}`);
  if (rule.constraint !== undefined) parts.push(`constraint ${rule.constraint}`);
  return parts.join(', ');
}
