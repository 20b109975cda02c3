// The small readers explain's parser is built from.

import { describe, expect, it } from 'vitest';
import { parseCsvRecords } from '../../src/doctor/explain/parse/csv.js';
import { readJsLiteral } from '../../src/doctor/explain/parse/js-literal.js';
import { splitKey } from '../../src/doctor/explain/parse/key-values.js';
import { readPrisma } from '../../src/doctor/explain/parse/prisma.js';
import { compileTemplates, matchTemplate } from '../../src/doctor/explain/parse/templates.js';

describe('splitKey', () => {
  it('keeps a single value whole, whatever it contains', () => {
    expect(splitKey('street', 'Mitte, Unter den Linden').values).toEqual([
      'Mitte, Unter den Linden',
    ]);
  });

  it('splits a composite key when the count fits', () => {
    expect(splitKey('a, b', '1, 2')).toEqual({
      columns: ['a', 'b'],
      values: ['1', '2'],
      alternatives: [['1', '2']],
    });
  });

  it('lists every reading when values contain ", "', () => {
    const split = splitKey('city, street, no', 'Berlin, Mitte, Linden, 4');
    expect(split.alternatives).toEqual([
      ['Berlin', 'Mitte', 'Linden, 4'],
      ['Berlin', 'Mitte, Linden', '4'],
      ['Berlin, Mitte', 'Linden', '4'],
    ]);
    expect(split.values).toEqual(split.alternatives[0]);
  });
});

describe('parseCsvRecords', () => {
  it('reads quoted fields with doubled quotes and newlines', () => {
    expect(parseCsvRecords('a,"b ""c""","d\ne"\nx,,z\n')).toEqual([
      ['a', 'b "c"', 'd\ne'],
      ['x', '', 'z'],
    ]);
  });
});

describe('readJsLiteral', () => {
  it('decodes the three quote styles util.inspect uses', () => {
    expect(readJsLiteral(`'it\\'s'`, 0)?.value).toBe("it's");
    expect(readJsLiteral(`"say \\"hi\\""`, 0)?.value).toBe('say "hi"');
    expect(readJsLiteral('`O\'Brien "x"\\n`', 0)?.value).toBe('O\'Brien "x"\n');
    expect(readJsLiteral("'\\u00fc\\x41'", 0)?.value).toBe('üA');
  });

  it('refuses an unterminated literal', () => {
    expect(readJsLiteral("'open", 0)).toBeNull();
  });
});

describe('templates', () => {
  it('matches a translation whose arguments are reordered and whose line breaks', () => {
    const [template] = compileTemplates({
      xx: {
        'Key (%s)=(%s) is not present in table "%s".':
          'Tabelle »%3$s«\nhat keinen Schlüssel (%1$s)=(%2$s)',
      },
    }).filter((t) => t.language === 'xx');
    const match = matchTemplate(
      template!,
      'DETAIL:  Tabelle »kunden« hat keinen Schlüssel (id)=(7)',
    );
    expect(match?.args).toEqual(['id', '7', 'kunden']);
  });
});

describe('readPrisma', () => {
  it('takes the direction from the operation', () => {
    const text =
      'Invalid `prisma.orders.create()` invocation:\n\nForeign key constraint violated on the constraint: `orders_customer_id_fkey`';
    expect(readPrisma(text)).toMatchObject({
      kind: 'missing-parent',
      model: 'orders',
      constraint: 'orders_customer_id_fkey',
    });
    expect(readPrisma(text.replace('orders.create', 'customers.delete'))?.kind).toBe(
      'still-referenced',
    );
    expect(readPrisma(text.replace('orders.create', 'customers.update'))?.kind).toBe(
      'still-referenced',
    );
    expect(readPrisma(text.replace('orders.create', 'orders.update'))?.kind).toBe('missing-parent');
  });
});
