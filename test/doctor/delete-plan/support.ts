// Helpers for the delete-plan tests: the shop schema, and what a statement really did to every
// table (contents before and after, inside a transaction that is rolled back).

import { readFile } from 'node:fs/promises';
import type { Engine } from '../../../src/engine/engine.js';
import type { Catalog } from '../../../src/model/catalog.js';
import { qualifiedKey } from '../../../src/model/catalog.js';
import { quoteQualified } from '../../../src/sql/quote.js';

export const SHOP = new URL('shop.sql', import.meta.url);

export function shopSql(): Promise<string> {
  return readFile(SHOP, 'utf8');
}

/** Every table's rows as sorted JSON text (partitions hold a partitioned table's rows). */
export async function contents(engine: Engine, catalog: Catalog): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const table of catalog.tables) {
    if (table.kind !== 'table') continue;
    const { rows } = await engine.query<{ row: string }>(
      `SELECT to_jsonb(x)::text AS row FROM ONLY ${quoteQualified(table)} AS x ORDER BY 1`,
    );
    out.set(
      qualifiedKey(table),
      rows.map((r) => r.row),
    );
  }
  return out;
}

export interface Changes {
  /** table key → [rows deleted, rows updated], tables with no change left out. */
  byTable: Record<string, [number, number]>;
  /** Contents after the statements, for comparing two ways of doing the same thing. */
  after: Map<string, string[]>;
}

/**
 * Runs `statements` in a transaction that is rolled back and says what they did, by comparing
 * contents: deleted = rows fewer, updated = rows after that were not there before.
 */
export async function changesOf(
  engine: Engine,
  catalog: Catalog,
  statements: string[],
): Promise<Changes> {
  return engine.transaction(
    async (tx) => {
      const before = await contents(tx, catalog);
      for (const sql of statements) await tx.exec(sql);
      await tx.exec('SET CONSTRAINTS ALL IMMEDIATE');
      const after = await contents(tx, catalog);
      const byTable: Record<string, [number, number]> = {};
      for (const [table, rows] of before) {
        const now = after.get(table) ?? [];
        const old = new Set(rows);
        const updated = now.filter((row) => !old.has(row)).length;
        const deleted = rows.length - now.length;
        if (deleted !== 0 || updated !== 0) byTable[table] = [deleted, updated];
      }
      return { byTable, after };
    },
    { rollback: true },
  );
}
