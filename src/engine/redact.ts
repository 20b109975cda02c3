// Passwords must never reach the terminal, a log or a report: every connection string and every
// driver error message goes through here before fkdoctor prints it.

const MASK = '***';

// A URL inside free text ends at whitespace or a quote. Any scheme: a mistyped `postgress://`
// or an `https://user:pw@` proxy URL in an error carries a password just the same.
const URL_IN_TEXT = /([a-z][a-z0-9+.-]*:\/\/)([^\s'"<>`]*)/gi;
const URL_WHOLE = /^([a-z][a-z0-9+.-]*:\/\/)(.*)$/is;
// `password=...` / `PGPASSWORD=...` in conninfo strings, env dumps and CLI lines; not after `?`/`&`,
// which are URL query parameters and handled with the URL (their value ends at `&`).
const KEYWORD_VALUE =
  /(?<![\w?&-])((?:pg)?password\s*=\s*)('(?:[^'\\]|\\.|'')*'|"(?:[^"\\]|\\.)*"|[^\s'"]+)/gi;
// `CREATE ROLE ... PASSWORD 'x'` in a migration echoed back by an error.
const SQL_PASSWORD = /(\bpassword\s+)'(?:[^']|'')*'/gi;
// `"password": "x"` in JSON configs.
const JSON_PASSWORD = /("password"\s*:\s*)"(?:[^"\\]|\\.)*"/gi;
const QUERY_PASSWORD = /([?&]password=)[^&#]*/gi;

/**
 * Masks the password of one connection string: a `postgres://` / `postgresql://` (or any other)
 * URL (user info and `?password=`) or a keyword/value conninfo string. The whole input is taken as the
 * connection string, so a password with spaces or `@` in it is still masked entirely.
 */
export function redactConnectionString(connection: string): string {
  const match = URL_WHOLE.exec(connection);
  if (match) return match[1] + redactUrlRest(match[2]!);
  return redactSecrets(connection);
}

/** Masks every password found anywhere in `text` (error messages, logs, echoed SQL). */
export function redactSecrets(text: string): string {
  return text
    .replace(URL_IN_TEXT, (_all, scheme: string, rest: string) => scheme + redactUrlRest(rest))
    .replace(KEYWORD_VALUE, `$1${MASK}`)
    .replace(SQL_PASSWORD, `$1'${MASK}'`)
    .replace(JSON_PASSWORD, `$1"${MASK}"`);
}

/** `user:pass@host/db?password=x` (the part after `scheme://`) with both passwords masked. */
function redactUrlRest(rest: string): string {
  // The user info ends at the last `@` before the query: passwords may hold an unencoded `@`.
  const queryStart = rest.search(/[?#]/);
  let at = rest.lastIndexOf('@', queryStart === -1 ? rest.length : queryStart);
  // A password with an unencoded `?` or `#` (still inside the authority: no `/` yet).
  if (at === -1 && queryStart !== -1 && !rest.slice(0, queryStart).includes('/')) {
    at = rest.lastIndexOf('@');
  }
  let redacted = rest;
  if (at !== -1) {
    const colon = rest.indexOf(':');
    if (colon !== -1 && colon < at - 1) {
      redacted = `${rest.slice(0, colon + 1)}${MASK}${rest.slice(at)}`;
    }
  }
  return redacted.replace(QUERY_PASSWORD, `$1${MASK}`);
}
