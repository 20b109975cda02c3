// Which setting changes the sandbox lets a script make. The script's SET statements run as they
// are (inside the sandbox's transaction, so none outlives it), except those that would lift
// fkdoctor's guards on a user's server, switch foreign-key checks off, or change what the
// sandbox's single transaction is; and those that have no effect in a real run either.

import type { SettingStatement } from './setting-statement.js';

export type SettingDecision =
  | {
      run: true /** SET LOCAL inside the script's transaction: undone at its end. */;
      local: string | null;
    }
  | { run: false; reason: string };

/** Guards fkdoctor sets on a user's server (engine/node-postgres.ts). */
const SERVER_GUARDS = new Set([
  'statement_timeout',
  'lock_timeout',
  'idle_in_transaction_session_timeout',
  'idle_session_timeout',
  'transaction_timeout',
  'application_name',
]);

const TRANSACTION_MODES = new Set([
  'transaction_read_only',
  'transaction_isolation',
  'transaction_deferrable',
]);

export function settingDecision(
  setting: SettingStatement,
  context: { server: boolean; inBlock: boolean },
): SettingDecision {
  const run: SettingDecision = { run: true, local: null };
  switch (setting.form) {
    case 'other':
      return run;
    case 'set-transaction':
      return {
        run: false,
        reason:
          'transaction modes are not emulated: the sandbox runs the whole script in one transaction',
      };
    case 'set-constraints':
      return context.inBlock
        ? run
        : {
            run: false,
            reason:
              'SET CONSTRAINTS outside BEGIN ... COMMIT has no effect (psql: each statement is its own transaction)',
          };
    case 'reset':
      if (context.server && (setting.name === null || SERVER_GUARDS.has(setting.name))) {
        return {
          run: false,
          reason: `RESET ${setting.name ?? 'ALL'} would lift fkdoctor's timeouts on a user's server`,
        };
      }
      return run;
    case 'set':
      return setDecision(setting, context);
  }
}

function setDecision(
  setting: Extract<SettingStatement, { form: 'set' }>,
  context: { server: boolean; inBlock: boolean },
): SettingDecision {
  const { name } = setting;
  if (context.server && SERVER_GUARDS.has(name)) {
    return { run: false, reason: `fkdoctor keeps its own ${name} on a user's server` };
  }
  if (name === 'session_replication_role') {
    return {
      run: false,
      reason:
        'session_replication_role would switch foreign-key checks off; fkdoctor keeps them on to find the rows that break them',
    };
  }
  if (name === 'client_encoding' && !/^(utf-?8|unicode)$/i.test(setting.value ?? '')) {
    return {
      run: false,
      reason: 'the client encoding stays UTF8 (the script text is read as UTF-8)',
    };
  }
  if (TRANSACTION_MODES.has(name)) {
    return {
      run: false,
      reason:
        'transaction modes are not emulated: the sandbox runs the whole script in one transaction',
    };
  }
  if (setting.local) {
    if (!context.inBlock) {
      return {
        run: false,
        reason: 'SET LOCAL outside BEGIN ... COMMIT has no effect (its transaction ends with it)',
      };
    }
    return { run: true, local: name };
  }
  return { run: true, local: null };
}
