// explain with a database: read its catalog, check the violation against it, explain.

import type { Engine } from '../../../engine/engine.js';
import { readCatalog } from '../../../engine/introspect.js';
import type { Violation } from '../../../model/violation.js';
import { explainViolation } from '../explain.js';
import type { Explanation } from '../explanation.js';
import { diagnoseLive } from './diagnose-live.js';

export async function explainLive(engine: Engine, violation: Violation): Promise<Explanation> {
  const catalog = await readCatalog(engine);
  const { live, foreignKey } = await diagnoseLive(engine, catalog, violation);
  return explainViolation(violation, { catalog, live, ...(foreignKey ? { foreignKey } : {}) });
}
