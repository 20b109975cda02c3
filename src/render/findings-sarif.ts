// Findings as SARIF 2.1.0 (GitHub code scanning and other CI dashboards). A database has no
// source file, so each result's location is logical: the table and the constraint.

import type { Severity } from '../model/finding.js';
import type { FindingsReport } from './findings-report.js';

const levels: Record<Severity, 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
};

export function renderFindingsSarif(report: FindingsReport, toolVersion: string): string {
  const ruleIndex = new Map(report.rules.map((rule, i) => [rule.id, i]));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'fkdoctor',
            version: toolVersion,
            informationUri: 'https://www.npmjs.com/package/fkdoctor',
            rules: report.rules.map((rule) => ({
              id: rule.id,
              name: rule.id,
              shortDescription: { text: rule.title },
              fullDescription: { text: rule.rationale },
              help: { text: `${rule.rationale}\n\nDetection: ${rule.detection}` },
              defaultConfiguration: { level: levels[rule.severity] },
            })),
          },
        },
        results: report.findings.map((finding) => ({
          ruleId: finding.check,
          ...(ruleIndex.has(finding.check) ? { ruleIndex: ruleIndex.get(finding.check) } : {}),
          level: levels[finding.severity],
          message: { text: finding.message },
          locations: [
            {
              logicalLocations: [
                finding.constraint === null
                  ? { fullyQualifiedName: finding.table, kind: 'table' }
                  : {
                      name: finding.constraint,
                      fullyQualifiedName: `${finding.table}.${finding.constraint}`,
                      kind: 'constraint',
                    },
              ],
            },
          ],
          // Stable across runs, so a dashboard tracks one problem instead of a new one each time.
          partialFingerprints: {
            'fkdoctor/v1': [finding.check, finding.table, finding.constraint ?? ''].join('\u001f'),
          },
          properties: {
            fix: finding.fix,
            ...(finding.tables ? { tables: finding.tables } : {}),
            ...(finding.constraints ? { constraints: finding.constraints } : {}),
            ...(finding.details ? { details: finding.details } : {}),
          },
        })),
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: report.notes.map((text) => ({
              message: { text },
              level: 'warning',
            })),
          },
        ],
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
