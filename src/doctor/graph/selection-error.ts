// A `--schema-name` or `--table` that names nothing in the catalog: bad input, said in one line.

export class GraphSelectionError extends Error {
  override readonly name = 'GraphSelectionError';
}
