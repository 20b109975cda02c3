// psql variables: \set arguments and substitution, checked against what psql 15 itself sent to
// the server for the same script (`psql -e -f`, echoing each query after substitution).

import { describe, expect, it } from 'vitest';
import {
  type PsqlVariables,
  readSetArguments,
  substituteVariables,
} from '../../../src/doctor/script/psql-variables.js';

function setAll(lines: string[]): PsqlVariables {
  const variables: PsqlVariables = new Map();
  for (const line of lines) {
    const command = readSetArguments(line, variables);
    if (command.kind !== 'set') throw new Error(`not a set: ${line}`);
    variables.set(command.name, command.value);
  }
  return variables;
}

describe('psql variables', () => {
  const variables = setAll([
    'a 5',
    "s 'it''s \\\\ back'",
    'q "Mixed"',
    "multi one 'two' three",
    "lit :'s'",
    'ref :a:a',
  ]);

  it('reads \\set arguments as psql does', () => {
    expect(Object.fromEntries(variables)).toEqual({
      a: '5',
      s: "it's \\ back",
      q: '"Mixed"',
      multi: 'onetwothree',
      lit: " E'it''s \\\\ back'",
      ref: '55',
    });
    expect(readSetArguments("x 'tab\\there' '\\101\\x42'", variables)).toEqual({
      kind: 'set',
      name: 'x',
      value: 'tab\thereAB',
    });
    expect(readSetArguments('empty', variables)).toEqual({ kind: 'set', name: 'empty', value: '' });
    expect(readSetArguments('', variables)).toEqual({ kind: 'list' });
    expect(readSetArguments('x `date`', variables)).toEqual({
      kind: 'invalid',
      reason: 'a backquoted shell command is not run',
    });
    expect(readSetArguments('bad-name 1', variables).kind).toBe('invalid');
  });

  it('substitutes outside quotes and comments only, as psql 15 sent it', () => {
    const sql = [
      "select :a, ':a', :'s', :\"q\", 1::int, /* :a */ $$ :a $$, e':a', arr[1:a], :undefined, :'undefined', :multi, :lit, :ref -- :a",
      ';',
    ].join('\n');
    const sent = [
      "select 5, ':a',  E'it''s \\\\ back', \"\"\"Mixed\"\"\", 1::int, /* :a */ $$ :a $$, e':a', arr[15], :undefined, :'undefined', onetwothree,  E'it''s \\\\ back', 55 -- :a",
      ';',
    ].join('\n');
    const result = substituteVariables(sql, variables);
    expect(result.sql).toBe(sent);
    expect(result.names).toEqual(['a', 's', 'q', 'a', 'multi', 'lit', 'ref']);
  });

  it('maps offsets in the substituted text back to the source', () => {
    const sql = "select :a, 'x', :'s' + oops";
    const result = substituteVariables(sql, variables);
    expect(result.sql).toBe("select 5, 'x',  E'it''s \\\\ back' + oops");
    const at = (needle: string) => result.toSource(result.sql.indexOf(needle));
    expect(at("'x'")).toBe(sql.indexOf("'x'"));
    expect(at('oops')).toBe(sql.indexOf('oops'));
    expect(at('back')).toBe(sql.indexOf(":'s'"));
  });

  it('leaves text alone when no variable is set', () => {
    const result = substituteVariables('select :a', new Map());
    expect(result).toMatchObject({ sql: 'select :a', names: [] });
  });
});
