// The audit's settings as a user writes them in fkdoctor.config.json (or the "fkdoctor" key of
// package.json): which checks run, what severity they report at, and findings silenced for one
// object with the reason why. Checked here so that a typo is an error naming the key, not a
// setting silently ignored.

import { type Severity, severities } from '../../model/finding.js';

export interface IgnoreRule {
  check: string;
  /** The table as the catalog spells it (`app.orders`) or as SQL (`app."Order Items"`). */
  table?: string;
  constraint?: string;
  reason?: string;
}

export interface AuditConfig {
  only?: string[];
  skip?: string[];
  /** Per check: another severity for all its findings, or `off`. */
  severity?: Record<string, Severity | 'off'>;
  ignore?: IgnoreRule[];
  failOn?: Severity;
}

export class AuditConfigError extends Error {}

/**
 * Reads the `audit` part of a config object. `source` names where it came from (a file, or
 * `package.json "fkdoctor"`) for messages; `checkIds` are the known checks.
 */
export function readAuditConfig(
  raw: unknown,
  source: string,
  checkIds: readonly string[],
): AuditConfig {
  if (raw === undefined) return {};
  const root = object(raw, source);
  unknownKeys(root, ['audit', '$schema'], source);
  if (root.audit === undefined) return {};
  const where = `${source}: audit`;
  const audit = object(root.audit, where);
  unknownKeys(audit, ['only', 'skip', 'severity', 'ignore', 'failOn'], where);
  const config: AuditConfig = {};
  const knownCheck = (id: unknown, at: string): string => {
    if (typeof id !== 'string') throw new AuditConfigError(`${at} must be a check id (a string)`);
    if (!checkIds.includes(id)) {
      throw new AuditConfigError(`${at}: no check "${id}" (checks: ${checkIds.join(', ')})`);
    }
    return id;
  };
  for (const key of ['only', 'skip'] as const) {
    const list = audit[key];
    if (list === undefined) continue;
    if (!Array.isArray(list)) throw new AuditConfigError(`${where}.${key} must be a list of ids`);
    config[key] = list.map((id, i) => knownCheck(id, `${where}.${key}[${i}]`));
  }
  if (audit.severity !== undefined) {
    const map = object(audit.severity, `${where}.severity`);
    config.severity = {};
    for (const [id, level] of Object.entries(map)) {
      knownCheck(id, `${where}.severity`);
      if (level !== 'off' && !severities.includes(level as Severity)) {
        throw new AuditConfigError(
          `${where}.severity.${id} must be error, warning, info or off, not ${JSON.stringify(level)}`,
        );
      }
      config.severity[id] = level as Severity | 'off';
    }
  }
  if (audit.failOn !== undefined) {
    if (!severities.includes(audit.failOn as Severity)) {
      throw new AuditConfigError(`${where}.failOn must be error, warning or info`);
    }
    config.failOn = audit.failOn as Severity;
  }
  if (audit.ignore !== undefined) {
    if (!Array.isArray(audit.ignore)) throw new AuditConfigError(`${where}.ignore must be a list`);
    config.ignore = audit.ignore.map((entry, i) => {
      const at = `${where}.ignore[${i}]`;
      const rule = object(entry, at);
      unknownKeys(rule, ['check', 'table', 'constraint', 'reason'], at);
      const ignore: IgnoreRule = { check: knownCheck(rule.check, `${at}.check`) };
      for (const key of ['table', 'constraint', 'reason'] as const) {
        const value = rule[key];
        if (value === undefined) continue;
        if (typeof value !== 'string') throw new AuditConfigError(`${at}.${key} must be a string`);
        ignore[key] = value;
      }
      if (ignore.table === undefined && ignore.constraint === undefined) {
        throw new AuditConfigError(
          `${at} needs a table or a constraint (to silence a check everywhere, use "skip")`,
        );
      }
      return ignore;
    });
  }
  return config;
}

function object(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new AuditConfigError(`${where} must be an object`);
  }
  return value as Record<string, unknown>;
}

function unknownKeys(value: Record<string, unknown>, known: string[], where: string): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      throw new AuditConfigError(
        `${where}: unknown key "${key}" (expected ${known.map((k) => `"${k}"`).join(', ')})`,
      );
    }
  }
}
