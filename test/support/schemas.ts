// SQL fixture files under test/schemas/, loaded into an engine.

import { readFile } from 'node:fs/promises';
import type { Engine } from '../../src/engine/engine.js';

const SCHEMAS = new URL('../schemas/', import.meta.url);

export function readSchemaFile(name: string): Promise<string> {
  return readFile(new URL(name, SCHEMAS), 'utf8');
}

/** Files of the rich schema, the server version each needs and the tables each creates. */
export const richSchemaFiles = [
  { file: 'rich.sql', minVersionNum: 0, tables: [] },
  { file: 'rich.pg15.sql', minVersionNum: 150000, tables: ['team', 'team_member'] },
  { file: 'rich.pg18.sql', minVersionNum: 180000, tables: ['order_snapshot'] },
] as const;

/** Loads rich.sql and the version-specific parts this server supports; returns its version. */
export async function loadRichSchema(engine: Engine): Promise<number> {
  const { rows } = await engine.query<{ num: number }>(
    "select current_setting('server_version_num')::int as num",
  );
  const versionNum = rows[0]!.num;
  for (const part of richSchemaFiles) {
    if (versionNum >= part.minVersionNum) await engine.exec(await readSchemaFile(part.file));
  }
  return versionNum;
}
