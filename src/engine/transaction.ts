// One transaction protocol for both adapters: BEGIN/COMMIT at the top level and a SAVEPOINT
// when nested, so a dry run inside a dry run still rolls back only its own part.

/** Runs one statement without parameters and returns its command tag (`COMMIT`, `ROLLBACK`...). */
export type RunStatement = (sql: string) => Promise<string | undefined>;

export async function runTransaction<T>(
  run: RunStatement,
  depth: number,
  body: () => Promise<T>,
  options: { rollback?: boolean } = {},
): Promise<T> {
  const savepoint = `fkdoctor_savepoint_${depth}`;
  const nested = depth > 0;
  const undo = nested
    ? `ROLLBACK TO SAVEPOINT ${savepoint}; RELEASE SAVEPOINT ${savepoint}`
    : 'ROLLBACK';

  await run(nested ? `SAVEPOINT ${savepoint}` : 'BEGIN');
  let result: T;
  try {
    result = await body();
  } catch (error) {
    // The body's error is the one worth reporting; a failed ROLLBACK (connection gone) is not.
    await run(undo).catch(() => undefined);
    throw error;
  }
  if (options.rollback) {
    await run(undo);
    return result;
  }
  const tag = await run(nested ? `RELEASE SAVEPOINT ${savepoint}` : 'COMMIT');
  // COMMIT of a transaction that had failed (an error the body caught) silently rolls back.
  if (!nested && tag === 'ROLLBACK') {
    throw new Error('COMMIT was rolled back: a statement in the transaction had failed');
  }
  return result;
}
