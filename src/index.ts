// fkdoctor's library API. Everything here is plain data in, plain data out; the database
// adapters load their drivers (node-postgres, PGlite) only when opened.

export {
  type AuditConfig,
  AuditConfigError,
  type IgnoreRule,
  readAuditConfig,
} from './doctor/audit/audit-config.js';
export type { AuditContext, Check, CheckExample, InvalidExample } from './doctor/audit/check.js';
export { checkIds, checks } from './doctor/audit/registry.js';
export {
  type AuditOptions,
  type AuditReport,
  AuditSelectionError,
  runAudit,
  type SilencedFinding,
} from './doctor/audit/run-audit.js';
export type {
  Blocker,
  DeleteEffect,
  DeleteHop,
  DeletePlan,
  DeleteStep,
  IgnoredForeignKey,
  KeyValue,
  TableEffect,
  UnindexedLookup,
} from './doctor/delete-plan/delete-plan.js';
export { DeletePlanError } from './doctor/delete-plan/delete-plan.js';
export {
  type DeleteScriptForm,
  deleteCteStatement,
  deleteStatements,
  renderDeleteScript,
} from './doctor/delete-plan/delete-script.js';
export { type PlanDeleteOptions, planDelete } from './doctor/delete-plan/plan-delete.js';
export { applyDelete, type DeleteRun, verifyDelete } from './doctor/delete-plan/run-delete.js';
export {
  type CompareOptions,
  compareForeignKeys,
} from './doctor/drift/compare-foreign-keys.js';
export type { DriftLabels } from './doctor/drift/drift-labels.js';
export {
  buildDriftReport,
  type DriftReport,
  type DriftSide,
  type DriftSideInput,
} from './doctor/drift/drift-report.js';
export { driftFixScript } from './doctor/drift/fix-script.js';
export type { FkChange, FkDifference, FkProperty } from './doctor/drift/fk-differences.js';
export { type ExplainContext, explainViolation } from './doctor/explain/explain.js';
export type { Advice, Cause, Explanation, Fix, SqlStep } from './doctor/explain/explanation.js';
export { explainLive } from './doctor/explain/live/explain-live.js';
export type {
  LiveDiagnosis,
  NearMiss,
  ReferencingRows,
  ResolvedConstraint,
} from './doctor/explain/live/live-diagnosis.js';
export { parseForeignKeyViolation } from './doctor/explain/parse/index.js';
export {
  buildGraphReport,
  type CascadeChain,
  type CascadeStep,
  type CycleRole,
  type GraphCycle,
  type GraphEdge,
  type GraphReport,
  type GraphReportOptions,
  GraphSelectionError,
  type GraphTable,
} from './doctor/graph/graph-report.js';
export {
  AUTO_CHUNK_ABOVE_ROWS,
  type CountOrphansOptions,
  countOrphans,
  DEFAULT_CHUNK_ROWS,
  type OrphanCount,
  type OrphanProgress,
  type OrphanScan,
  OrphanScanAbortedError,
} from './doctor/orphans/count-orphans.js';
export {
  type BackupTable,
  type OrphanRepairOptions,
  type OrphanRepairPlan,
  OrphanRepairRefusedError,
  orphanRepairPlan,
  orphanRepairSql,
  type RepairMode,
  repairModes,
} from './doctor/orphans/repair-sql.js';
export {
  type OrphanSelection,
  OrphanSelectionError,
  selectForeignKeys,
} from './doctor/orphans/select-foreign-keys.js';
export { type MapBy, MapByError } from './doctor/script/missing/natural-key.js';
export { type ConnectionTarget, resolveConnection } from './engine/connection.js';
export {
  defaultSessionSettings,
  type Engine,
  type QueryResult,
  type SessionSettings,
} from './engine/engine.js';
export { DatabaseUnavailableError, isDatabaseError } from './engine/errors.js';
export { readCatalog } from './engine/introspect.js';
export { openServer } from './engine/node-postgres.js';
export { openEmbedded } from './engine/pglite.js';
export { redactConnectionString, redactSecrets } from './engine/redact.js';
export type * from './model/catalog.js';
export { declaredForeignKeys, isPartitionCopy } from './model/catalog.js';
export {
  atLeast,
  type Finding,
  rankFindings,
  type Severity,
  severities,
  severityRank,
} from './model/finding.js';
export * from './model/fk-graph.js';
export { indexesServingForeignKey, indexServesForeignKey } from './model/fk-index.js';
export type { InputFormat, Violation, ViolationKind } from './model/violation.js';
export { renderDeletePlanJson } from './render/delete-plan-json.js';
export { renderDeletePlanMarkdown } from './render/delete-plan-markdown.js';
export { type DeleteRunReport, renderDeletePlanText } from './render/delete-plan-text.js';
export { renderDriftMarkdown } from './render/drift-markdown.js';
export { renderFindingsJson } from './render/findings-json.js';
export { renderFindingsMarkdown } from './render/findings-markdown.js';
export type { FindingRule, FindingsReport } from './render/findings-report.js';
export { renderFindingsSarif } from './render/findings-sarif.js';
export { renderFindingsText } from './render/findings-text.js';
// The shape of `fkdoctor fix --json` (fixScript itself is not public yet, so neither is the renderer).
export { type FixJson, type FixJsonFailure, fixJsonVersion } from './render/fix-json.js';
export { renderGraphDot } from './render/graph-dot.js';
export { renderGraphMermaid } from './render/graph-mermaid.js';
export { renderGraphSvg } from './render/graph-svg.js';
export { quoteIdent, quoteLiteral, quoteLiteralTyped, quoteQualified } from './sql/quote.js';
