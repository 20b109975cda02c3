// Regenerates the example outputs in README.md by running the real commands, so the README
// never shows output the tool does not produce. Run: node scripts/readme-examples.mjs [NAME...]
// (only the named examples when names are given).
// Each example sits between `<!-- example: NAME -->` and `<!-- /example -->`.

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = `${root}dist/cli/main.js`;
const fixture = (path) => `test/fixtures/explain/${path}`;
const env = { ...process.env, NO_COLOR: '1', DATABASE_URL: '', PGHOST: '', PGDATABASE: '' };

function run(args, { input, head } = {}) {
  const shown = args.map((a) => (/[\s"']/.test(a) ? `'${a.replace(/'/g, "'\\''")}'` : a)).join(' ');
  let out;
  try {
    out = execFileSync(process.execPath, [cli, ...args], {
      env,
      input,
      cwd: root,
      encoding: 'utf8',
      stdio: ['pipe', 'pipe', 'pipe'],
    });
  } catch (error) {
    out = `${error.stdout}${error.stderr}$ echo $?\n${error.status}\n`;
  }
  const lines = [`$ fkdoctor ${shown}`, ...out.trimEnd().split('\n')];
  return head && lines.length > head ? [...lines.slice(0, head), '…'].join('\n') : lines.join('\n');
}

/** A command whose stdout and stderr both matter (fix: the script, and what it did). */
function runBoth(args, { head } = {}) {
  const shown = args.join(' ');
  const run = spawnSync(process.execPath, [cli, ...args], { env, cwd: root, encoding: 'utf8' });
  const lines = [
    `$ fkdoctor ${shown}`,
    ...run.stdout.trimEnd().split('\n'),
    ...(run.stderr.trim() ? ['# stderr:', ...run.stderr.trimEnd().split('\n')] : []),
    ...(run.status ? ['$ echo $?', String(run.status)] : []),
  ];
  return head && lines.length > head ? [...lines.slice(0, head), '…'].join('\n') : lines.join('\n');
}

const example = (name) => `test/doctor/script/examples/${name}`;

const shop = 'test/doctor/graph/examples/shop.sql';
const auditShop = 'test/doctor/audit/examples/shop.sql';
const deleteShop = 'test/doctor/delete-plan/examples/shop.sql';
const staging = 'test/doctor/drift/examples/staging.sql';
const production = 'test/doctor/drift/examples/production.sql';
const driftSides = ['--schema', staging, '--schema', production];
const driftLabels = ['--label', 'staging', '--label', 'production'];

/** A command's stdout alone, for a block in another language (Mermaid renders on GitHub). */
function stdoutOf(args) {
  return execFileSync(process.execPath, [cli, ...args], { env, cwd: root, encoding: 'utf8' });
}

const examples = {
  'check-orders': () => run(['check', example('orders-before-customers.sql')]),
  'fix-orders': () => runBoth(['fix', '--explain', example('orders-before-customers.sql')]),
  'fix-deferred': () => runBoth(['fix', example('deferred-transaction.sql')]),
  'fix-batch': () => runBoth(['fix', example('batch-inserts.sql')]),
  'fix-cycle-nullable': () => runBoth(['fix', '--explain', example('cycle-nullable.sql')]),
  'fix-missing': () => runBoth(['fix', example('missing-parent.sql')]),
  'fix-missing-placeholder': () =>
    runBoth(['fix', example('missing-parents.sql'), '--missing-parents', 'placeholder'], {
      head: 36,
    }),
  'fix-missing-quarantine': () => {
    const dir = mkdtempSync(join(tmpdir(), 'fkdoctor-readme-'));
    const output = join(dir, 'orders.fixed.sql');
    const shown = runBoth([
      'fix',
      example('missing-parents.sql'),
      '--missing-parents',
      'quarantine',
      '-o',
      output,
    ]).replaceAll(dir, '/tmp');
    const quarantine = readFileSync(join(dir, 'missing-parents.quarantine.sql'), 'utf8');
    return `${shown}\n$ cat /tmp/missing-parents.quarantine.sql\n${quarantine.trimEnd()}`;
  },
  'fix-json': () => {
    const dir = mkdtempSync(join(tmpdir(), 'fkdoctor-readme-'));
    const output = join(dir, 'cycle-deferrable.fixed.sql');
    return runBoth(['fix', example('cycle-deferrable.sql'), '--json', '-o', output]).replaceAll(
      dir,
      '/tmp',
    );
  },
  'fix-spilled': () => {
    const dir = mkdtempSync(join(tmpdir(), 'fkdoctor-readme-'));
    const output = join(dir, 'mixed.fixed.sql');
    return runBoth([
      'fix',
      example('mixed.sql'),
      '--spill-threshold',
      '0',
      '-o',
      output,
    ]).replaceAll(dir, '/tmp');
  },
  'fix-self-split': () => runBoth(['fix', '--explain', example('self-reference-split.sql')]),
  'fix-missing-map': () => {
    // A scratch database on a real server (FKDOCTOR_README_SERVER, default the local PG 15)
    // holding the customers under their own ids; shown as postgres://localhost/shop.
    const server = process.env.FKDOCTOR_README_SERVER ?? 'postgres://postgres@127.0.0.1:5432';
    const name = `fkd_readme_${process.pid}`;
    const psql = (db, ...args) =>
      execFileSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', db, ...args], {
        encoding: 'utf8',
      });
    psql(`${server}/postgres`, '-c', `CREATE DATABASE ${name}`);
    try {
      psql(`${server}/${name}`, '-f', example('map-parents.setup.sql'));
      const args = (db) => [
        'fix',
        example('map-parents.sql'),
        '--db',
        db,
        '--missing-parents',
        'map',
        '--map-by',
        'customers.email=orders.customer_email',
      ];
      const shown = runBoth(args(`${server}/${name}`)).replaceAll(
        `${server}/${name}`,
        'postgres://localhost/shop',
      );
      const refused = runBoth(args(`${server}/${name}`).slice(0, 6)).replaceAll(
        `${server}/${name}`,
        'postgres://localhost/shop',
      );
      return `${shown}\n${refused}`;
    } finally {
      psql(`${server}/postgres`, '-c', `DROP DATABASE ${name}`);
    }
  },
  'graph-text': () => run(['graph', '--schema', shop]),
  'graph-mermaid': () => ({
    lang: 'mermaid',
    text: stdoutOf(['graph', '--schema', shop, '--format', 'mermaid']).trimEnd(),
  }),
  'graph-svg': () => {
    writeFileSync(
      `${root}docs/graph-shop.svg`,
      stdoutOf(['graph', '--schema', shop, '--format', 'svg']),
    );
    return {
      lang: 'markdown',
      text: '![fkdoctor graph --format svg of the shop schema](docs/graph-shop.svg)',
      bare: true,
    };
  },
  'audit-shop': () => run(['audit', '--schema', auditShop]),
  'audit-markdown': () =>
    run([
      'audit',
      '--schema',
      auditShop,
      '--only',
      'fk-missing-index,fk-type-mismatch',
      '--format',
      'markdown',
    ]),
  'delete-plan-verify': () =>
    run(['delete-plan', '--schema', deleteShop, 'customer', 'id=1', '--verify']),
  'delete-plan-blocked': () => run(['delete-plan', '--schema', deleteShop, 'customer', 'id=2']),
  'delete-plan-script': () =>
    run(['delete-plan', '--schema', deleteShop, 'customer', 'id=1', '--script', '-']),
  'drift-text': () => run(['drift', ...driftSides, ...driftLabels]),
  'drift-sql': () => ({
    lang: 'sql',
    // Exit 1 (there is drift) is expected: the script is on stdout all the same.
    text: spawnSync(
      process.execPath,
      [cli, 'drift', ...driftSides, ...driftLabels, '--format', 'sql'],
      {
        env,
        cwd: root,
        encoding: 'utf8',
      },
    ).stdout.trimEnd(),
  }),
  'drift-dead-db': () =>
    run([
      'drift',
      '--db',
      'postgres://app:secret@127.0.0.1:1/staging',
      '--db',
      'postgres://app:secret@127.0.0.1:2/production',
    ]),
  demo: () => run(['demo'], { head: 60 }),
  'explain-psql': () =>
    run(['explain', '--file', fixture('pg15/en/missing-parent-insert/psql-default.txt')]),
  'explain-delete-json': () =>
    run(
      [
        'explain',
        '--json',
        '--file',
        fixture('pg15/en/still-referenced-delete/log-stderr-debian.log'),
      ],
      { head: 40 },
    ),
  'explain-german': () =>
    run(
      [
        'explain',
        '--format',
        'markdown',
        '--file',
        fixture('pg15/de/missing-parent-insert/psql-default.txt'),
      ],
      { head: 24 },
    ),
  'explain-not-fk': () =>
    run(['explain', 'ERROR:  duplicate key value violates unique constraint "users_email_key"']),
  'explain-dead-db': () =>
    run([
      'explain',
      '--db',
      'postgres://app:secret@127.0.0.1:1/shop',
      '--file',
      fixture('pg15/en/missing-parent-insert/psql-default.txt'),
    ]),
};

const readmePath = `${root}README.md`;
let readme = readFileSync(readmePath, 'utf8');
const only = process.argv.slice(2);
for (const [name, produce] of Object.entries(examples)) {
  if (only.length > 0 && !only.includes(name)) continue;
  const pattern = new RegExp(`(<!-- example: ${name} -->\\n)[\\s\\S]*?(<!-- /example -->)`);
  if (!pattern.test(readme)) continue;
  const output = produce();
  // A string is a terminal transcript; { lang, text } a block in that language, or with
  // `bare` the text itself (an image link).
  const { lang, text, bare } = typeof output === 'string' ? { lang: 'text', text: output } : output;
  // The fence is longer than any run of backticks inside (Markdown output has its own fences).
  const fence = '`'.repeat(Math.max(3, ...[...text.matchAll(/`+/g)].map((m) => m[0].length + 1)));
  const block = bare ? `${text}\n` : `${fence}${lang}\n${text}\n${fence}\n`;
  readme = readme.replace(pattern, (_, open, close) => `${open}${block}${close}`);
  console.log(`updated ${name}`);
}
writeFileSync(readmePath, readme);
