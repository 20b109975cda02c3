import { describe, expect, it } from 'vitest';
import { resolveConnection } from './connection.js';
import { ConnectionStringError } from './errors.js';

describe('resolveConnection', () => {
  const url = 'postgres://app:pw@db:5432/prod';

  it('prefers --db over DATABASE_URL over PG* variables', () => {
    const env = { DATABASE_URL: 'postgres://env/db', PGHOST: 'pghost', PGDATABASE: 'pgdb' };
    expect(resolveConnection({ db: url }, env)).toEqual({
      kind: 'server',
      connectionString: url,
      source: '--db',
    });
    expect(resolveConnection({}, env)).toEqual({
      kind: 'server',
      connectionString: 'postgres://env/db',
      source: 'DATABASE_URL',
    });
  });

  it('falls back to the embedded database', () => {
    expect(resolveConnection({}, {})).toEqual({ kind: 'embedded' });
    // PGUSER / PGPASSWORD alone do not name a database.
    expect(resolveConnection({}, { PGUSER: 'app', PGPASSWORD: 'x' })).toEqual({
      kind: 'embedded',
    });
    // Empty values count as unset.
    expect(resolveConnection({ db: '' }, { DATABASE_URL: ' ', PGHOST: '' })).toEqual({
      kind: 'embedded',
    });
  });

  it('builds a URL from PG* variables, encoding every part', () => {
    const target = resolveConnection(
      {},
      {
        PGHOST: 'db.internal',
        PGPORT: '6543',
        PGUSER: 'üser',
        PGPASSWORD: 'p@ss:w/rd',
        PGDATABASE: 'my db',
        PGSSLMODE: 'require',
      },
    );
    expect(target).toEqual({
      kind: 'server',
      connectionString:
        'postgresql://%C3%BCser:p%40ss%3Aw%2Frd@db.internal:6543/my%20db?sslmode=require',
      source: 'PG* variables',
    });
  });

  it('puts a socket directory in ?host= and defaults the host to localhost', () => {
    expect(resolveConnection({}, { PGHOST: '/var/run/postgresql', PGPORT: '5433' })).toMatchObject({
      connectionString: 'postgresql:///?host=%2Fvar%2Frun%2Fpostgresql&port=5433',
    });
    expect(resolveConnection({}, { PGDATABASE: 'app', PGUSER: 'me' })).toMatchObject({
      connectionString: 'postgresql://me@localhost/app',
    });
    expect(resolveConnection({}, { PGHOST: 'a,b', PGDATABASE: 'app' })).toMatchObject({
      connectionString: 'postgresql://a/app',
    });
    expect(resolveConnection({}, { PGHOST: '::1', PGDATABASE: 'app' })).toMatchObject({
      connectionString: 'postgresql://[::1]/app',
    });
  });

  it('leaves out sslmode values node-postgres cannot honour', () => {
    for (const mode of ['disable', 'allow', 'prefer']) {
      expect(resolveConnection({}, { PGHOST: 'h', PGSSLMODE: mode })).toMatchObject({
        connectionString: 'postgresql://h/',
      });
    }
  });

  it('rejects a --db value that is not a postgres URL, without echoing its password', () => {
    expect(() => resolveConnection({ db: 'mysql://u:secret@h/d' }, {})).toThrow(
      ConnectionStringError,
    );
    expect(() => resolveConnection({}, { DATABASE_URL: 'host=h password=secret' })).toThrow(
      /DATABASE_URL: expected a postgres:\/\/ or postgresql:\/\/ URL, got "host=h password=\*\*\*"/,
    );
    try {
      resolveConnection({ db: 'mysql://u:secret@h/d' }, {});
    } catch (error) {
      expect(String(error)).not.toContain('secret');
    }
  });
});
