// statementEvents: a streamed script's statements in psql's order, with a COPY's data held
// whole up to a batch, and past that passed on as it arrives when the caller allows pieces.

import { describe, expect, it } from 'vitest';
import {
  type StatementEvent,
  statementEvents,
} from '../../../src/doctor/script/statement-events.js';
import { chunksOf } from '../../support/streamed.js';

async function eventsOf(text: string, chunk: number) {
  const events: StatementEvent[] = [];
  const stream = statementEvents(chunksOf(text, chunk), {
    batchChars: 100,
    copyInPieces: () => true,
  });
  for await (const event of stream) events.push(event);
  return events;
}

const rows = Array.from({ length: 200 }, (_, i) => `${i}\trow ${i}\n`).join('');
const script = `select 1;\nCOPY t FROM stdin;\n${rows}\\.\nselect 2;\n`;

describe('statementEvents', () => {
  it('passes a big COPY on in slices of at most a batch, none of them the whole data', async () => {
    const events = await eventsOf(script, 5000);
    expect(events.map((e) => e.kind)).toEqual([
      'statement',
      'copy-start',
      ...events.slice(2, -2).map(() => 'copy-data'),
      'copy-end',
      'statement',
    ]);
    const data = events.flatMap((e) =>
      e.kind === 'copy-start' || e.kind === 'copy-data' ? [e.data] : [],
    );
    expect(data.join('')).toBe(rows);
    expect(Math.max(...data.map((d) => d.length))).toBeLessThanOrEqual(200);
    const end = events.at(-2);
    expect(end?.kind === 'copy-end' && end.statement.copyData?.line).toBe(3);
  });

  it('holds the data whole when the COPY may not go in pieces, and asks once', async () => {
    const asked: string[] = [];
    const events: StatementEvent[] = [];
    const stream = statementEvents(chunksOf(script, 7), {
      batchChars: 100,
      copyInPieces: (target) => {
        asked.push(target.name);
        return false;
      },
    });
    for await (const event of stream) events.push(event);
    expect(asked).toEqual(['t']);
    expect(events.map((e) => e.kind)).toEqual(['statement', 'statement', 'statement']);
    const copy = events[1]!;
    expect(copy.kind === 'statement' && copy.data).toBe(rows);
  });
});
