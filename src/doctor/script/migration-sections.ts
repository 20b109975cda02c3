// goose and dbmate keep a migration's up and down halves in one file, split by marker comments
// (`-- +goose Up` / `-- +goose Down`, `-- migrate:up` / `-- migrate:down`). Running the file
// whole would undo each migration right after doing it, so only the up sections are run: the
// rest is blanked out character for character (line breaks kept), so that every line and
// column the check reports is still the file's own.

export interface UpSections {
  /** The text with everything but the up sections turned to spaces. */
  text: string;
  /** The tool whose markers were found, or null (the text is returned as it was). */
  tool: 'goose' | 'dbmate' | null;
  /** 1-based first and last lines of each section left out. */
  leftOut: { from: number; to: number }[];
}

const marker = /^[ \t]*--[ \t]*(\+goose[ \t]+(up|down)|migrate:(up|down))\b/gim;

export function upSections(text: string): UpSections {
  const marks = [...text.matchAll(marker)].map((m) => ({
    at: m.index,
    tool: m[2] ? ('goose' as const) : ('dbmate' as const),
    up: (m[2] ?? m[3])!.toLowerCase() === 'up',
  }));
  if (marks.length === 0) return { text, tool: null, leftOut: [] };
  let out = '';
  let from = 0;
  // Before the first marker nothing runs either: both tools read only what a marker starts.
  let keep = false;
  const leftOut: { from: number; to: number }[] = [];
  for (const mark of [...marks, { at: text.length, tool: null, up: false }]) {
    const part = text.slice(from, mark.at);
    if (keep) {
      out += part;
    } else {
      out += part.replace(/[^\r\n]/g, ' ');
      if (hasSql(part)) leftOut.push(lines(text, from, mark.at));
    }
    from = mark.at;
    keep = mark.up;
  }
  return { text: out, tool: marks[0]!.tool, leftOut };
}

/** More than comments and blanks: the markers themselves are comments. */
function hasSql(part: string): boolean {
  return part.replace(/--[^\n]*/g, '').trim() !== '';
}

function lines(text: string, start: number, end: number): { from: number; to: number } {
  const line = (offset: number) => text.slice(0, offset).split('\n').length;
  const trimmed = text.slice(start, end).replace(/\s+$/, '');
  return { from: line(start), to: line(start + trimmed.length) };
}
