import { describe, expect, it } from 'vitest';
import type { NewJob } from '@trailmark/store';
import { BACKENDS, freshOutboxes } from './backends.js';

const T0 = new Date('2026-12-01T10:00:00.000Z');
const job = (id: string): NewJob => ({
  id,
  groupKey: `group-${id}`,
  payload: JSON.stringify({ alert: id }),
  receivedAt: T0,
});

describe.each(BACKENDS)('%s outbox: pruneDone', (_name, makeBackend) => {
  const fresh = freshOutboxes(makeBackend());

  it('deletes done jobs finished before the cut, in batches, and keeps every other state', async () => {
    const outbox = await fresh();
    await outbox.enqueue([job('a'), job('b'), job('c'), job('d'), job('e')]);
    await outbox.claim('w', 4, T0, 60_000);
    expect(await outbox.complete('a', 'w', 'ok')).toBe(true);
    expect(await outbox.complete('b', 'w', 'ok')).toBe(true);
    expect(await outbox.fail('c', 'w', 'gave up', null)).toBe(true);
    // Finished just now: a cut a minute ago keeps them.
    expect(await outbox.pruneDone(new Date(Date.now() - 60_000), 100)).toBe(0);
    const later = new Date(Date.now() + 60_000);
    expect(await outbox.pruneDone(later, 1)).toBe(1);
    expect(await outbox.pruneDone(later, 100)).toBe(1);
    expect(await outbox.pruneDone(later, 100)).toBe(0);
    expect(await outbox.stats()).toMatchObject({ pending: 1, inflight: 1, done: 0, dead: 1 });
    expect((await outbox.deadLetters(10)).map((dead) => dead.id)).toEqual(['c']);
    // A pruned alert is no longer known: the same id is a new job again.
    expect(await outbox.enqueue([job('a'), job('c')])).toEqual({
      inserted: 1,
      duplicates: 1,
      outcomes: ['inserted', 'duplicate'],
    });
  });
});
