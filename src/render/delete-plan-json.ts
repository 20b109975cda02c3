// `fkdoctor delete-plan --json`: the plan as it is (see doctor/delete-plan/delete-plan.ts), with
// the scripts and what a --verify / --apply run measured.

import type { DeletePlan } from '../doctor/delete-plan/delete-plan.js';
import { renderDeleteScript } from '../doctor/delete-plan/delete-script.js';
import type { DeleteRunReport } from './delete-plan-text.js';

export function renderDeletePlanJson(
  plan: DeletePlan,
  runReport: DeleteRunReport | null = null,
): string {
  const report = {
    format: 'fkdoctor-delete-plan',
    version: 1,
    ...plan,
    script: renderDeleteScript(plan, 'transaction'),
    cteScript: renderDeleteScript(plan, 'cte'),
    verify: runReport?.kind === 'verify' ? runReport.run : null,
    apply: runReport?.kind === 'apply' ? runReport.run : null,
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}
