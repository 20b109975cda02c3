// The relations a DDL statement brings into being or removes, from the real parser's tree:
// CREATE TABLE / TABLE AS / VIEW / MATERIALIZED VIEW / FOREIGN TABLE, SELECT INTO, the new name
// of ALTER TABLE ... RENAME TO, and DROP TABLE / VIEW; and where in the text each relation is
// named. Used to tell, across a folder of migrations, whether a table is used before the
// migration that creates it, and on which line.

import { parseSync } from 'libpg-query';
import type { TableRef } from './rows/statement-tables.js';

export interface RelationChanges {
  created: TableRef[];
  dropped: TableRef[];
}

type Json = { [key: string]: unknown };

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function ref(rangeVar: unknown, schema: string | null = null): TableRef | null {
  if (!isObject(rangeVar) || typeof rangeVar.relname !== 'string') return null;
  return {
    schema: typeof rangeVar.schemaname === 'string' ? rangeVar.schemaname : schema,
    name: rangeVar.relname,
  };
}

const droppedKinds = new Set([
  'OBJECT_TABLE',
  'OBJECT_VIEW',
  'OBJECT_MATVIEW',
  'OBJECT_FOREIGN_TABLE',
]);

function strings(list: unknown): string[] {
  return asArray(list).flatMap((p) =>
    isObject(p) && isObject(p.String) && typeof p.String.sval === 'string' ? [p.String.sval] : [],
  );
}

function collect(type: string, body: Json, out: RelationChanges, schema: string | null): void {
  const add = (value: TableRef | null) => {
    if (value) out.created.push(value);
  };
  switch (type) {
    case 'CreateStmt':
      add(ref(body.relation, schema));
      return;
    case 'CreateForeignTableStmt':
      if (isObject(body.base)) add(ref(body.base.relation, schema));
      return;
    case 'CreateTableAsStmt':
      if (isObject(body.into)) add(ref(body.into.rel, schema));
      return;
    case 'SelectStmt':
      if (isObject(body.intoClause)) add(ref(body.intoClause.rel, schema));
      return;
    case 'ViewStmt':
      add(ref(body.view, schema));
      return;
    case 'RenameStmt': {
      const old = ref(body.relation);
      if (old && droppedKinds.has(body.renameType as string) && typeof body.newname === 'string') {
        add({ schema: old.schema, name: body.newname });
      }
      return;
    }
    case 'CreateSchemaStmt': {
      const name = typeof body.schemaname === 'string' ? body.schemaname : null;
      for (const element of asArray(body.schemaElts)) {
        if (!isObject(element)) continue;
        for (const [inner, innerBody] of Object.entries(element)) {
          if (isObject(innerBody)) collect(inner, innerBody, out, name);
        }
      }
      return;
    }
    case 'DropStmt':
      if (!droppedKinds.has(body.removeType as string)) return;
      for (const object of asArray(body.objects)) {
        const names = isObject(object) && isObject(object.List) ? strings(object.List.items) : [];
        const name = names[names.length - 1];
        if (name !== undefined) out.dropped.push({ schema: names[names.length - 2] ?? null, name });
      }
      return;
  }
}

/** What `sql` creates and drops. Load the parser first (loadStatementParser); throws on SQL it cannot parse. */
export function relationChangesSync(sql: string): RelationChanges {
  const out: RelationChanges = { created: [], dropped: [] };
  for (const raw of parseSync(sql).stmts ?? []) {
    const stmt = raw.stmt as unknown;
    if (!isObject(stmt)) continue;
    for (const [type, body] of Object.entries(stmt)) {
      if (isObject(body)) collect(type, body, out, null);
    }
  }
  return out;
}

export interface RelationMention {
  ref: TableRef;
  /** 0-based UTF-16 offset of the name in the statement text. */
  offset: number;
}

/** Every relation the statement names, in text order. Load the parser first; throws as above. */
export function relationMentionsSync(sql: string): RelationMention[] {
  const found: { ref: TableRef; byte: number }[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (!isObject(value)) return;
    const named = ref(value);
    if (named && typeof value.location === 'number')
      found.push({ ref: named, byte: value.location });
    for (const child of Object.values(value)) visit(child);
  };
  visit(parseSync(sql).stmts ?? []);
  // The parser counts bytes of UTF-8; the text is counted in UTF-16 units.
  const bytes = new TextEncoder().encode(sql);
  const decoder = new TextDecoder();
  return found
    .sort((a, b) => a.byte - b.byte)
    .map(({ ref, byte }) => ({ ref, offset: decoder.decode(bytes.subarray(0, byte)).length }));
}
