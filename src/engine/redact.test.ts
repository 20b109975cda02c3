import { describe, expect, it } from 'vitest';
import { redactConnectionString, redactSecrets } from './redact.js';

describe('redactConnectionString', () => {
  it.each([
    ['postgres://app:s3cret@db:5432/prod', 'postgres://app:***@db:5432/prod'],
    ['postgresql://app:s3cret@db/prod', 'postgresql://app:***@db/prod'],
    ['POSTGRES://app:s3cret@db/prod', 'POSTGRES://app:***@db/prod'],
    // Percent-encoded and unencoded `@`, `:` and `/` inside the password.
    ['postgres://app:p%40ss%3Aw0rd@db/prod', 'postgres://app:***@db/prod'],
    ['postgres://app:p@ss@db/prod', 'postgres://app:***@db/prod'],
    ['postgres://app:pa:ss/w@db/prod', 'postgres://app:***@db/prod'],
    ['postgres://app:pa?ss@db/prod', 'postgres://app:***@db/prod'],
    // Unicode user and password, raw and encoded.
    ['postgres://üser:pässwörd✓@db/prod', 'postgres://üser:***@db/prod'],
    ['postgres://%C3%BCser:p%C3%A4ss@db/prod', 'postgres://%C3%BCser:***@db/prod'],
    // Taken as a whole, a password with a space is masked entirely.
    ['postgres://app:two words@db/prod', 'postgres://app:***@db/prod'],
    // Query parameters.
    ['postgres://db/prod?user=app&password=s3cret', 'postgres://db/prod?user=app&password=***'],
    [
      'postgres://app@db/prod?password=s3cret&sslmode=require',
      'postgres://app@db/prod?password=***&sslmode=require',
    ],
    // IPv6 host and a socket host.
    ['postgres://app:s3cret@[::1]:5432/prod', 'postgres://app:***@[::1]:5432/prod'],
    [
      'postgresql://app:s3cret@/prod?host=/var/run/postgresql',
      'postgresql://app:***@/prod?host=/var/run/postgresql',
    ],
    // Keyword/value conninfo.
    ['host=db user=app password=s3cret dbname=prod', 'host=db user=app password=*** dbname=prod'],
    ["host=db password='it''s a secret' dbname=prod", 'host=db password=*** dbname=prod'],
    ["host=db password = 'a \\' b' dbname=prod", 'host=db password = *** dbname=prod'],
  ])('%s', (input, expected) => {
    expect(redactConnectionString(input)).toBe(expected);
  });

  it.each([
    'postgres://app@db:5432/prod',
    'postgres://db/prod',
    'postgres://app:@db/prod',
    'postgresql:///prod?host=/tmp',
    'postgres://db:5432/prod?application_name=a@b',
    'host=db user=app dbname=prod',
  ])('leaves %s alone (no password)', (input) => {
    expect(redactConnectionString(input)).toBe(input);
  });
});

describe('redactSecrets', () => {
  it('masks URLs inside an error message', () => {
    const message =
      'could not connect to postgres://app:s3cret@db:5432/prod: connection refused; retry postgresql://x:y@h/d';
    expect(redactSecrets(message)).toBe(
      'could not connect to postgres://app:***@db:5432/prod: connection refused; retry postgresql://x:***@h/d',
    );
  });

  it('masks URLs of any scheme (a typo is still a password)', () => {
    expect(redactSecrets('bad scheme postgress://app:s3cret@db/x')).toBe(
      'bad scheme postgress://app:***@db/x',
    );
    expect(redactSecrets('proxy https://user:pw@example.com failed')).toBe(
      'proxy https://user:***@example.com failed',
    );
  });

  it('stops a URL at whitespace and quotes', () => {
    expect(redactSecrets('url "postgres://a:b@h/d" and \'postgres://c:d@h/e\'')).toBe(
      'url "postgres://a:***@h/d" and \'postgres://c:***@h/e\'',
    );
  });

  it('masks keyword/value passwords, PGPASSWORD and SQL PASSWORD literals', () => {
    expect(redactSecrets('PGPASSWORD=s3cret psql -h db')).toBe('PGPASSWORD=*** psql -h db');
    expect(redactSecrets('conninfo "host=db password=s3cret"')).toBe(
      'conninfo "host=db password=***"',
    );
    expect(redactSecrets("CREATE ROLE app LOGIN PASSWORD 'it''s s3cret';")).toBe(
      "CREATE ROLE app LOGIN PASSWORD '***';",
    );
    expect(redactSecrets('{"user":"app","password":"s3\\"cret"}')).toBe(
      '{"user":"app","password":"***"}',
    );
  });

  it('leaves messages without secrets unchanged', () => {
    const message = 'password authentication failed for user "app"';
    expect(redactSecrets(message)).toBe(message);
    expect(redactSecrets('see https://example.com/a:b and git://git@host/x')).toBe(
      'see https://example.com/a:b and git://git@host/x',
    );
  });

  it('never lets the password through, whatever it contains', () => {
    for (const password of ['s3cret', 'p@ss', 'ü✓ß', 'a/b:c', '%40x', 'q?r']) {
      const url = `postgres://app:${password}@db/prod`;
      expect(redactSecrets(`error at ${url} now`)).not.toContain(password);
      expect(redactConnectionString(url)).not.toContain(password);
    }
  });
});
