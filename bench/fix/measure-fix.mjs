// One fix run without the verifying sandbox run, in its own process so that its peak memory is
// its own: prints { ms, maxRssMb, moves, nulled } as JSON.
// Usage: node measure-fix.mjs SCRIPT SCHEMA OUT [spill]
// With `spill`, the way fix takes a script over --spill-threshold: runs of plain loads to a temp
// file, the skeleton planned, the output written from both (doctor/script/spill).
import { createReadStream, readFileSync, writeFileSync } from 'node:fs';
import { fixScript } from '../../dist/doctor/script/fix-script.js';
import { schemaCatalog } from '../../dist/doctor/script/schema-catalog.js';
import { schemaStatements } from '../../dist/doctor/script/schema-statements.js';
import { openEmbedded } from '../../dist/engine/pglite.js';
import { releaseEmbeddedMemory } from '../../dist/engine/release-memory.js';
import { scanScript } from '../../dist/sql/split/index.js';

const [script, schema, out, mode] = process.argv.slice(2);

if (mode === 'spill') {
  const { fixSpilled } = await import('../../dist/doctor/script/spill/fix-spilled.js');
  const { copyFileSync } = await import('node:fs');
  const start = performance.now();
  const spilled = await fixSpilled(
    script,
    script,
    { open: openEmbedded, openForRun: () => openEmbedded() },
    { schema: { text: readFileSync(schema, 'utf8'), file: schema }, verify: false },
  );
  copyFileSync(spilled.outputFile, out);
  const ms = performance.now() - start;
  await spilled.dispose();
  console.log(
    JSON.stringify({
      ms,
      maxRssMb: process.resourceUsage().maxRSS / 1024,
      moves: spilled.result.plan.moves.length,
      nulled: spilled.result.plan.nullings.length,
      runs: spilled.runs,
    }),
  );
  process.exit(0);
}

// As `fkdoctor fix` does for a big script: the schema first, from a stream of the file, in an
// embedded database that is closed (its memory given back) before the script is loaded whole.
const start = performance.now();
const schemaFile = { text: readFileSync(schema, 'utf8'), file: schema };
const ddl = await schemaStatements(createReadStream(script, { encoding: 'utf8' }));
const engine = await openEmbedded();
const catalog = await schemaCatalog(
  engine,
  { text: ddl, statements: scanScript(ddl).statements },
  schemaFile,
);
await engine.close();
await releaseEmbeddedMemory();
const text = readFileSync(script, 'utf8');
const result = await fixScript(
  openEmbedded,
  { text, file: script },
  { schema: schemaFile, catalog, verify: false },
);
writeFileSync(out, result.fixed ?? text);
const ms = performance.now() - start;
console.log(
  JSON.stringify({
    ms,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    moves: result.plan.moves.length,
    nulled: result.plan.nullings.length,
  }),
);
