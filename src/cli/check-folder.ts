// `fkdoctor check DIR`: a folder of migrations, run one after another in the order their tool
// runs them, in one sandbox; tables used before the file that creates them come first.

import { checkScripts } from '../doctor/script/check-scripts.js';
import { usedBeforeCreated } from '../doctor/script/used-before-created.js';
import { type MigrationsReport, renderMigrationsText } from '../render/check-migrations-text.js';
import { styleFor } from '../render/style.js';
import { exitCodes } from './exit-codes.js';
import { openSandbox, type SandboxChoice } from './open-sandbox.js';
import { readMigrations } from './read-migrations.js';
import { type ScriptFile, splitsCleanly, withScriptErrors } from './read-script.js';

export interface CheckFolderOptions {
  schema: ScriptFile | undefined;
  sandbox: SandboxChoice;
  format: string;
  colour: boolean;
}

export async function checkFolder(directory: string, options: CheckFolderOptions): Promise<number> {
  const folder = await readMigrations(directory);
  await splitsCleanly(folder.directory, folder.scripts);
  const engine = await openSandbox(options.sandbox);
  try {
    const { schema } = options;
    const result = await withScriptErrors(folder.directory, () =>
      checkScripts(engine, folder.scripts, schema ? { schema } : {}),
    );
    const early = await usedBeforeCreated(result.scripts);
    const report: MigrationsReport = { ...folder, usedBeforeCreated: early, result };
    process.stdout.write(
      options.format === 'json'
        ? `${JSON.stringify(migrationsJson(report), null, 2)}\n`
        : renderMigrationsText(report, styleFor(options.colour)),
    );
    return result.failures.length > 0 || early.length > 0 ? exitCodes.problems : exitCodes.ok;
  } finally {
    await engine.close();
  }
}

function migrationsJson(report: MigrationsReport): unknown {
  const { order, result } = report;
  return {
    directory: report.directory,
    convention: order.convention,
    orderedBy: order.description,
    files: result.scripts.map((s) => s.file),
    excluded: order.excluded,
    notes: [...order.notes, ...report.notes],
    usedBeforeCreated: report.usedBeforeCreated,
    statements: result.scripts.reduce((n, s) => n + s.statements.length, 0),
    failures: result.failures,
    schemaProblems: result.schemaProblems,
  };
}
