// The schema a script's data statements run against, without running the data: the --schema
// file and the script's own DDL and settings, run in a transaction that is rolled back, then
// read back as a Catalog. fix plans from it statically, so planning costs a read of the
// script, not a run of it.

import type { Engine } from '../../engine/engine.js';
import { readCatalog } from '../../engine/introspect.js';
import type { Catalog } from '../../model/catalog.js';
import type { ScriptStatement } from '../../model/script.js';
import { scanScript } from '../../sql/split/index.js';
import type { ScriptInput } from './check-script.js';
import { loadSchema } from './load-schema.js';
import { runStatements } from './run-statements.js';

const schemaKinds = new Set(['ddl', 'set', 'meta']);

export async function schemaCatalog(
  engine: Engine,
  script: { text: string; statements: ScriptStatement[] },
  schema: ScriptInput | undefined,
): Promise<Catalog> {
  const ddl = script.statements.filter((s) => schemaKinds.has(s.kind));
  return engine.transaction(
    async (tx) => {
      await tx.exec('SET TRANSACTION READ WRITE');
      if (schema) await loadSchema(tx, schema.text, scanScript(schema.text).statements);
      if (ddl.length > 0) await runStatements(tx, script.text, ddl, { rowLimit: 0 });
      return readCatalog(tx);
    },
    { rollback: true },
  );
}
