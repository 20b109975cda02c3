// --map-by SPEC as fix reads it: names folded or quoted as SQL reads them, a schema when given,
// several columns, the child's columns after `=`; anything else is a usage error (exit 2).

import { describe, expect, it } from 'vitest';
import { CliError } from '../../src/cli/exit-codes.js';
import { parseMapBy } from '../../src/cli/map-by-option.js';

describe('parseMapBy', () => {
  it('a parent table and its column, folded to lower case', () => {
    expect(parseMapBy('Customers.Email')).toEqual({
      parent: { schema: null, name: 'customers' },
      columns: ['email'],
    });
  });

  it('a schema, several columns, and the child columns that hold them', () => {
    expect(parseMapBy('shop.people.first_name,last_name=orders.buyer_first,buyer_last')).toEqual({
      parent: { schema: 'shop', name: 'people' },
      columns: ['first_name', 'last_name'],
      child: { table: { schema: null, name: 'orders' }, columns: ['buyer_first', 'buyer_last'] },
    });
  });

  it('quoted names keep their case, dots, commas and quotes', () => {
    expect(parseMapBy('"My Shop"."Cust.omers"."E,mail ""main"""="Orders"."Mail"')).toEqual({
      parent: { schema: 'My Shop', name: 'Cust.omers' },
      columns: ['E,mail "main"'],
      child: { table: { schema: null, name: 'Orders' }, columns: ['Mail'] },
    });
  });

  it.each([
    'customers',
    'customers.',
    '.email',
    'a.b.c.d',
    'a,b.c',
    '"unclosed.email',
    'customers.email=orders',
    'customers.email=orders.a=b.c',
  ])('%s is a usage error', (spec) => {
    expect(() => parseMapBy(spec)).toThrow(CliError);
  });
});
