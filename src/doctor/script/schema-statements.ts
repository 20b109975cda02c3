// The schema part of a script (DDL, settings, meta-commands), taken from a stream of chunks
// without keeping the data: fix reads the schema first, with little memory, before it loads the
// whole script to plan it.

import { createSplitter, statementText } from '../../sql/split/index.js';

const schemaKinds = new Set(['ddl', 'set', 'meta']);

/** A script of the schema statements of `chunks`, in order, each on its own line. */
export async function schemaStatements(chunks: AsyncIterable<string>): Promise<string> {
  const parts: string[] = [];
  const splitter = createSplitter({
    copyWithoutTerminator: 'accept',
    onStatement(statement, source) {
      if (schemaKinds.has(statement.kind)) parts.push(`${statementText(source, statement)}\n`);
    },
  });
  for await (const chunk of chunks) splitter.push(chunk);
  splitter.end();
  return parts.join('');
}
