// goose and dbmate files: only the up sections run, every line and column kept in place.

import { describe, expect, it } from 'vitest';
import { upSections } from '../../../src/doctor/script/migration-sections.js';

describe('upSections', () => {
  it('goose: the Down section is blanked, lines and columns stay', () => {
    const text = [
      '-- +goose Up',
      'CREATE TABLE a (id int);',
      '-- +goose StatementBegin',
      'SELECT 1;',
      '-- +goose StatementEnd',
      '',
      '-- +goose Down',
      'DROP TABLE a;',
      '',
    ].join('\n');
    const up = upSections(text);
    expect(up.tool).toBe('goose');
    expect(up.leftOut).toEqual([{ from: 7, to: 8 }]);
    expect(up.text.length).toBe(text.length);
    expect(up.text.split('\n').slice(0, 6)).toEqual(text.split('\n').slice(0, 6));
    expect(up.text.split('\n')[7]).toBe(' '.repeat('DROP TABLE a;'.length));
  });

  it('dbmate: down first, then up; CRLF kept; what precedes the first marker does not run', () => {
    const text =
      'SELECT 0;\r\n-- migrate:down\r\nDROP TABLE b;\r\n-- migrate:up\r\nCREATE TABLE b (x int);\r\n';
    const up = upSections(text);
    expect(up.tool).toBe('dbmate');
    expect(up.leftOut).toEqual([
      { from: 1, to: 1 },
      { from: 2, to: 3 },
    ]);
    expect(up.text).toBe(
      '         \r\n               \r\n             \r\n-- migrate:up\r\nCREATE TABLE b (x int);\r\n',
    );
  });

  it('a file without markers is returned as it was', () => {
    const text = "-- just a comment about migrate:down\nSELECT '-- +goose Down';\n";
    expect(upSections(text)).toEqual({ text, tool: null, leftOut: [] });
  });
});
