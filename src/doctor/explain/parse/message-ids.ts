// The server's own English message texts (the gettext msgids in ri_triggers.c and elog.c) for
// every FK violation wording. Translations are looked up by these ids in messages.generated.json.

export const messageIds = {
  childSide: 'insert or update on table "%s" violates foreign key constraint "%s"',
  parentSide: 'update or delete on table "%s" violates foreign key constraint "%s" on table "%s"',
  restrict:
    'update or delete on table "%s" violates RESTRICT setting of foreign key constraint "%s" on table "%s"',
  partitionDetach: 'removing partition "%s" violates foreign key constraint "%s"',
  keyNotPresent: 'Key (%s)=(%s) is not present in table "%s".',
  keyStillReferenced: 'Key (%s)=(%s) is still referenced from table "%s".',
  keyReferenced: 'Key (%s)=(%s) is referenced from table "%s".',
  hiddenNotPresent: 'Key is not present in table "%s".',
  hiddenStillReferenced: 'Key is still referenced from table "%s".',
  hiddenReferenced: 'Key is referenced from table "%s".',
  matchFull: 'MATCH FULL does not allow mixing of null and nonnull key values.',
} as const;

export type MessageName = keyof typeof messageIds;

/** The primary messages (the `ERROR:` line); the rest are DETAIL lines. */
export const primaryMessages: readonly MessageName[] = [
  'childSide',
  'parentSide',
  'restrict',
  'partitionDetach',
];

export const detailMessages: readonly MessageName[] = [
  'keyNotPresent',
  'keyStillReferenced',
  'keyReferenced',
  'hiddenNotPresent',
  'hiddenStillReferenced',
  'hiddenReferenced',
  'matchFull',
];
