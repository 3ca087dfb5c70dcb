// The outbox serve works with: `@trailmark/store`'s interface, under the names serve uses.
export type {
  Job as ClaimedJob,
  NewJob,
  Outbox,
  OutboxStats,
  Job as DeadLetter,
} from '@trailmark/store';
