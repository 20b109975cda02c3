// Where a psql backslash command ends, by the rules of psql's psqlscanslash.l. The command name
// runs to a blank or a backslash. Its arguments run to the end of the line, or to an unquoted
// backslash: `\\` ends the command and SQL resumes after it, any other backslash starts the next
// command. Quotes ('...' with \ escapes and '', "...", `...`) protect blanks and backslashes.
// psql reads one line at a time, so nothing here ever crosses a line break.

export interface MetaLine {
  /** The command name without its backslash: `connect`, `set`, `g`, `copy`, `sf+`, ... */
  name: string;
  /** End of the command's own text: its last argument, or the `\\` that closes it. */
  end: number;
  /** Where SQL reading resumes: the line end, after `\\`, or at the next backslash command. */
  next: number;
}

const BACKSLASH = 92;

// These take the rest of the line as one argument (psql's OT_WHOLE_LINE). An empty or unknown
// name also loses the rest of the line: psql reports the error and skips it; an empty name is
// the only unknown one we can tell without psql's full command table.
const WHOLE_LINE = new Set(['', '!', 'copy', 'ef', 'ev', 'h', 'help', 'sf', 'sf+', 'sv', 'sv+']);
// For these, an argument starting with `|` is a shell command that takes the rest of the line.
const FILE_PIPE = new Set(['g', 'gx', 'o', 'out', 'w', 'write']);

function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 12;
}

function isVariableChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c >= 128
  );
}

function trimEnd(buf: string, from: number, to: number): number {
  let end = to;
  while (end > from && isBlank(buf.charCodeAt(end - 1))) end--;
  return end;
}

/** After a '...' argument's opening quote: the position after its closing quote. */
function skipSingleQuoted(buf: string, i: number, lineEnd: number): number {
  while (i < lineEnd) {
    const c = buf.charCodeAt(i);
    if (c === BACKSLASH) {
      i += 2;
    } else if (c === 39) {
      if (i + 1 < lineEnd && buf.charCodeAt(i + 1) === 39) i += 2;
      else return i + 1;
    } else {
      i++;
    }
  }
  // Unterminated: psql drops the argument with an error; the command still ends with the line.
  return lineEnd;
}

function skipTo(buf: string, quote: string, i: number, lineEnd: number): number {
  const close = buf.indexOf(quote, i);
  return close < 0 || close >= lineEnd ? lineEnd : close + 1;
}

/** Reads the backslash command at `start` (its backslash); `lineEnd` is the line break or input end. */
export function scanMetaLine(buf: string, start: number, lineEnd: number): MetaLine {
  let j = start + 1;
  while (j < lineEnd) {
    const c = buf.charCodeAt(j);
    if (isBlank(c) || c === BACKSLASH) break;
    j++;
  }
  const name = buf.slice(start + 1, j);
  let end = j;
  if (WHOLE_LINE.has(name)) return { name, end: trimEnd(buf, j, lineEnd), next: lineEnd };
  for (;;) {
    while (j < lineEnd && isBlank(buf.charCodeAt(j))) j++;
    if (j >= lineEnd) return { name, end, next: lineEnd };
    let c = buf.charCodeAt(j);
    if (c === BACKSLASH) {
      if (j + 1 < lineEnd && buf.charCodeAt(j + 1) === BACKSLASH) {
        return { name, end: j + 2, next: j + 2 };
      }
      return { name, end, next: j };
    }
    if (c === 124 && FILE_PIPE.has(name)) {
      return { name, end: trimEnd(buf, j, lineEnd), next: lineEnd };
    }
    while (j < lineEnd) {
      c = buf.charCodeAt(j);
      if (isBlank(c) || c === BACKSLASH) break;
      if (c === 39) {
        j = skipSingleQuoted(buf, j + 1, lineEnd);
      } else if (c === 96) {
        j = skipTo(buf, '`', j + 1, lineEnd);
      } else if (c === 34) {
        j = skipTo(buf, '"', j + 1, lineEnd);
      } else if (c === 58 && j + 1 < lineEnd && isQuote(buf.charCodeAt(j + 1))) {
        // :'name' and :"name" are one token (a variable reference), not a quoted argument.
        const q = buf.charCodeAt(j + 1);
        let k = j + 2;
        while (k < lineEnd && isVariableChar(buf.charCodeAt(k))) k++;
        j = k > j + 2 && k < lineEnd && buf.charCodeAt(k) === q ? k + 1 : j + 1;
      } else {
        j++;
      }
    }
    end = j;
  }
}

function isQuote(c: number): boolean {
  return c === 39 || c === 34;
}
