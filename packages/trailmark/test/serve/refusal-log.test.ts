import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createFloodLog } from '../../src/serve/refusal-log.js';

describe('createFloodLog', () => {
  it('logs a flood of 429/503 as one warning per window, with the counts since the last', () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    });
    let now = 0;
    const log = createFloodLog(pino(sink), 10_000, () => now);
    log(429);
    for (let i = 0; i < 500; i++) log(429);
    log(503);
    now = 10_000;
    log(429);
    now = 12_000;
    log(429);
    expect(lines.map((line) => [line.level, line.refused])).toEqual([
      [40, { '429': 1 }],
      [40, { '429': 501, '503': 1 }],
    ]);
  });
});
