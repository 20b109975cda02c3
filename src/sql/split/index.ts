// The statement splitter for psql scripts: streaming (createSplitter) and in memory (splitScript).

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
