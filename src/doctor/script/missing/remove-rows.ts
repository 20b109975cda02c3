// Takes quarantined rows out of their INSERT or COPY statements: the INSERT is rebuilt with the
// rows that are left (the text between them as it was), the COPY block without those lines; a
// statement left without rows becomes a comment saying so. Works on top of the rewrites fix
// has already made (a cycle's references loaded as NULL), which keep every row in its place.

import type { CopyData, ScriptStatement } from '../../../model/script.js';
import { lineComment } from '../../../sql/quote.js';
import { readCopyRows, rebuildCopyBlock } from '../../../sql/rows/copy-data.js';
import { readInsertValues, rebuildInsert } from '../../../sql/rows/values-insert.js';
import { statementText } from '../../../sql/split/index.js';
import type { Rewrites } from '../plan/null-then-update.js';

/**
 * `kept`: per statement, the row numbers (1-based) that stay. `where` names the quarantine
 * file in the comments.
 */
export function withoutRows(
  text: string,
  statements: readonly ScriptStatement[],
  base: Rewrites,
  kept: ReadonlyMap<number, readonly number[]>,
  where: string,
): Rewrites {
  const out: Rewrites = {
    statementText: new Map(base.statementText),
    copyData: new Map(base.copyData),
    after: new Map(base.after),
    before: new Map(base.before ?? []),
  };
  for (const [index, rows] of kept) {
    const statement = statements[index]!;
    const order = rows.map((n) => n - 1);
    let total: number;
    if (statement.kind === 'insert') {
      const sql = out.statementText.get(index) ?? statementText(text, statement);
      const parsed = readInsertValues(sql);
      // The selection only takes rows out of statements it has read the same way.
      if (!parsed) throw new Error(`statement ${index} is not an INSERT ... VALUES`);
      total = parsed.rows.length;
      if (order.length > 0) out.statementText.set(index, rebuildInsert(parsed, order));
    } else if (statement.copyData) {
      const copy = statement.copyData;
      const data = out.copyData.get(index) ?? text.slice(copy.span.start, copy.span.end);
      // The block read on its own: only the span moves; the format stays the statement's.
      const block: CopyData = { ...copy, span: { start: 0, end: data.length }, line: 1 };
      const all = [...readCopyRows(data, block)];
      total = all.length;
      out.copyData.set(index, order.length > 0 ? rebuildCopyBlock(data, block, order, all) : '');
    } else {
      throw new Error(`statement ${index} loads no literal rows`);
    }
    const removed = total - order.length;
    const note = `fkdoctor: ${removed} row${removed === 1 ? '' : 's'} moved to ${where} (parents inserted nowhere in the script)`;
    if (order.length === 0) {
      // The statement goes; a comment holds its place. After a COPY line the data's own line
      // break follows, and so does a comment left at the end of the statement's line.
      const tail =
        statement.kind === 'copy' || (statement.tail?.end ?? 0) > (statement.tail?.start ?? 0);
      out.statementText.set(
        index,
        `${lineComment(`${note}: the statement had no other rows`)}${tail ? '' : '\n'}`,
      );
    } else {
      out.before!.set(index, [
        ...(out.before!.get(index) ?? []),
        `${lineComment(`${note} from the next statement`)}\n`,
      ]);
    }
  }
  return out;
}
