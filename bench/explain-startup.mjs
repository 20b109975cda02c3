// `fkdoctor explain` on text only, as a whole process: the goal is a median under 200 ms, with
// no WASM loaded. Baseline: a bare `node -e 0` start-up on the same machine, in the same run.

import { fileURLToPath } from 'node:url';
import { compare, timeProcess } from './lib.mjs';

const cli = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
const error = [
  'ERROR:  insert or update on table "orders" violates foreign key constraint "orders_customer_id_fkey"',
  'DETAIL:  Key (customer_id)=(999) is not present in table "customers".',
].join('\n');
const env = { ...process.env, DATABASE_URL: '', PGHOST: '', PGDATABASE: '', NO_COLOR: '1' };

export function run() {
  return compare({
    name: 'explain (text only, whole process)',
    a: {
      label: 'fkdoctor explain',
      run: () => timeProcess(process.execPath, [cli, 'explain', error], { env }),
    },
    b: { label: 'node -e 0', run: () => timeProcess(process.execPath, ['-e', '0'], { env }) },
    runs: 21,
    goal: (ms) => `median < 200 ms: ${ms < 200 ? 'met' : 'NOT met'}`,
  });
}
