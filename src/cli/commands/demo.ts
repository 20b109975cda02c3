// fkdoctor demo: nothing to install. Builds a small shop in the embedded PostgreSQL (PGlite),
// makes the server raise real foreign-key errors, and explains them live.

import { parseArgs } from 'node:util';
import { explainLive } from '../../doctor/explain/live/explain-live.js';
import { parseForeignKeyViolation } from '../../doctor/explain/parse/index.js';
import type { Engine } from '../../engine/engine.js';
import { isDatabaseError } from '../../engine/errors.js';
import { renderExplainText } from '../../render/explain-text.js';
import { styleFor } from '../../render/style.js';
import { exitCodes } from '../exit-codes.js';
import { useColour } from '../output-options.js';

const shop = `
CREATE TABLE customers (
  id    integer PRIMARY KEY,
  email text NOT NULL UNIQUE,
  name  text NOT NULL
);
CREATE TABLE orders (
  id          integer PRIMARY KEY,
  customer_id integer NOT NULL REFERENCES customers (id),
  total       numeric(10,2) NOT NULL
);
CREATE TABLE order_items (
  order_id integer NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  line_no  integer NOT NULL,
  sku      text NOT NULL,
  PRIMARY KEY (order_id, line_no)
);
INSERT INTO customers VALUES (41, 'ada@example.com', 'Ada'), (43, 'bob@example.com', 'Bob');
INSERT INTO orders VALUES (7, 41, 25.00);
INSERT INTO order_items VALUES (7, 1, 'TEA-01'), (7, 2, 'MUG-02');
`;

const failing = [
  'INSERT INTO orders (id, customer_id, total) VALUES (1001, 42, 99.90)',
  'DELETE FROM customers WHERE id = 41',
];

async function provoke(engine: Engine, sql: string): Promise<unknown> {
  try {
    await engine.query(sql);
  } catch (error) {
    if (isDatabaseError(error)) return error;
    throw error;
  }
  throw new Error(`expected "${sql}" to fail`);
}

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { 'no-color': { type: 'boolean' } } });
  const style = styleFor(useColour(values['no-color']));
  process.stderr.write(style.dim('Starting the embedded PostgreSQL (PGlite)…\n'));
  const { openEmbedded } = await import('../../engine/pglite.js');
  const engine = await openEmbedded();
  try {
    await engine.exec(shop);
    for (const sql of failing) {
      const error = await provoke(engine, sql);
      const fields = error as { message: string; detail?: string };
      process.stdout.write(
        `\n${style.bold('$')} ${sql};\n${style.red(`ERROR:  ${fields.message}`)}\n${fields.detail ? `DETAIL:  ${fields.detail}\n` : ''}\n`,
      );
      process.stdout.write(style.dim('$ fkdoctor explain --db <the embedded database>\n\n'));
      const violation = parseForeignKeyViolation(error);
      if (!violation) throw new Error('the demo error was not recognised');
      violation.statement ??= sql;
      process.stdout.write(renderExplainText(await explainLive(engine, violation), style));
    }
  } finally {
    await engine.close();
  }
  return exitCodes.ok;
}
