// Maps a table name as a script writes it to the graph's `schema.name` key. Unqualified names
// resolve the way the default search_path does for a script: `public` first; otherwise the one
// schema that has a table of that name.

import type { FkGraph } from '../../../model/fk-graph.js';

export function resolveTable(
  graph: FkGraph,
  name: { schema: string | null; name: string },
): string | null {
  if (name.schema !== null) {
    const key = `${name.schema}.${name.name}`;
    return graph.nodes.has(key) ? key : null;
  }
  if (graph.nodes.has(`public.${name.name}`)) return `public.${name.name}`;
  let found: string | null = null;
  for (const node of graph.nodes.values()) {
    if (node.table.name !== name.name) continue;
    if (found !== null) return null; // ambiguous without knowing the search_path
    found = node.key;
  }
  return found;
}
