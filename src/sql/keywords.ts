// The PostgreSQL keywords that an identifier must be quoted to use.
//
// Source: src/include/parser/kwlist.h, PostgreSQL 18. Only the category matters for quoting:
// quote_ident() leaves UNRESERVED_KEYWORD words bare and quotes the other three categories.
// The bare-label flag in kwlist.h is about `SELECT x label` without AS; quote_ident ignores it,
// and so do we.

function words(list: string): string[] {
  return list.trim().split(/\s+/);
}

/** RESERVED_KEYWORD: never usable as a bare name. */
const reserved = words(`
  all analyse analyze and any array as asc asymmetric both case cast check collate column
  constraint create current_catalog current_date current_role current_time current_timestamp
  current_user default deferrable desc distinct do else end except false fetch for foreign
  from grant group having in initially intersect into lateral leading limit localtime
  localtimestamp not null offset on only or order placing primary references returning select
  session_user some symmetric system_user table then to trailing true union unique user using
  variadic when where window with
`);

/** TYPE_FUNC_NAME_KEYWORD: usable as a function or type name, not as a column or table name. */
const typeFuncName = words(`
  authorization binary collation concurrently cross current_schema freeze full ilike inner is
  isnull join left like natural notnull outer overlaps right similar tablesample verbose
`);

/** COL_NAME_KEYWORD: usable as a column name, not as a function or type name. */
const colName = words(`
  between bigint bit boolean char character coalesce dec decimal exists extract float greatest
  grouping inout int integer interval json json_array json_arrayagg json_exists json_object
  json_objectagg json_query json_scalar json_serialize json_table json_value least
  merge_action national nchar none normalize nullif numeric out overlay position precision
  real row setof smallint substring time timestamp treat trim values varchar xmlattributes
  xmlconcat xmlelement xmlexists xmlforest xmlnamespaces xmlparse xmlpi xmlroot xmlserialize
  xmltable
`);

/**
 * Keywords that the development branch (PostgreSQL 19) adds outside UNRESERVED. SQL we print
 * may run on a newer server than the one that produced the catalog, and quoting one word too
 * many is harmless while quoting one too few is a syntax error, so we quote these already.
 */
export const newerKeywords: ReadonlySet<string> = new Set(['graph_table']);

const needQuotes: ReadonlySet<string> = new Set([
  ...reserved,
  ...typeFuncName,
  ...colName,
  ...newerKeywords,
]);

/** True when `word` (already lowercase) is a keyword that quote_ident() would quote. */
export function isQuotedKeyword(word: string): boolean {
  return needQuotes.has(word);
}
