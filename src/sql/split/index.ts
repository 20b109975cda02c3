// The statement splitter for psql scripts: streaming (createSplitter) and in memory
// (splitScript, scanScript). It finds statements where psql finds them, so that what fkdoctor
// runs, reorders or reports is what `psql -f` would have sent. Decisions worth knowing:
//
// - A last statement without `;` is returned with `unterminated: true`: psql sends it when the
//   input ends (checked with psql 15).
// - A meta-command inside an unfinished statement is a statement of its own, emitted first (psql
//   runs it at once) and listed in the statement's `excluded`; statementText() leaves it out, as
//   psql does. \g, \gx, \gset, \gexec, \gdesc, \crosstabview, \watch, \parse and \sendpipeline end
//   the statement (`endedBy`), and so do \r and \reset, which throw it away.
// - COPY ... FROM STDIN data ends at a line that is exactly `\.`, in CSV too, even inside a quoted
//   field: psql reads lines without knowing CSV (its source says so). The data is cut where psql
//   cuts it and `copyData.unterminatedQuoteLine` says that the server will reject it.
// - Data that reaches the end of the input without `\.` is an error by default, although psql
//   accepts it: a dump cut short looks exactly like that. `copyWithoutTerminator: 'accept'` takes it.
// - TRUNCATE is a 'delete' (it removes rows); `targets` lists all its tables. MERGE is 'other'
//   with its target. COPY ... FROM a file or program is 'copy' without `copyData`.
// - `\copy ... from stdin` has inline data too: kind 'copy', `meta: 'copy'`; the text to send is
//   the COPY command it names, which the caller builds.
// - Not simulated: psql variables (:name is read as one token, not substituted), \if branches (all
//   are listed), \i files (not read), \q (statements after it are listed).
// - onCopyData gets the data without its `\.` line: PostgreSQL 18 no longer reads `\.` as the end
//   of CSV data, so it must not be sent.

export { TRANSACTION_WORDS } from './classify.js';
export { ScriptSyntaxError, type ScriptSyntaxErrorCode } from './errors.js';
export { reassemble, spanText, statementText } from './reassemble.js';
export { type ScannedScript, scanScript, splitScript } from './scan-script.js';
export {
  createSplitter,
  type SplitEnd,
  type SplitHandlers,
  type SplitOptions,
  type Splitter,
  type StatementSource,
} from './splitter.js';
