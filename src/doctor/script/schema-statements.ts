// The schema part of a script (DDL, settings, meta-commands), taken from a stream of chunks
// without keeping the data: fix reads the schema first, with little memory, before it loads the
// whole script to plan it.

import type { ScriptStatement } from '../../model/script.js';
import { createSplitter, statementText } from '../../sql/split/index.js';

const schemaKinds = new Set(['ddl', 'set', 'meta']);

/**
 * A script of the schema statements of `chunks`, in order, each on its own line. `onLoad` hears
 * of every INSERT and COPY on the way (how many statements load each table).
 */
export async function schemaStatements(
  chunks: AsyncIterable<string>,
  onLoad?: (statement: ScriptStatement) => void,
): Promise<string> {
  const parts: string[] = [];
  const splitter = createSplitter({
    copyWithoutTerminator: 'accept',
    onStatement(statement, source) {
      if (schemaKinds.has(statement.kind)) parts.push(`${statementText(source, statement)}\n`);
      else if (onLoad && (statement.kind === 'insert' || statement.kind === 'copy'))
        onLoad(statement);
    },
  });
  for await (const chunk of chunks) splitter.push(chunk);
  splitter.end();
  return parts.join('');
}
