import type { Db } from '@/lib/db'
import type { TaskName } from './definitions'

// The webhook route's enqueue, cheaper than graphile_worker.add_job. add_job is a PL/pgSQL function that runs five
// statements per call (task and queue upserts, job-key bookkeeping, NOTIFY, insert); measured here it allows
// ~1.5k calls/s against ~6k/s for one plain insert into the same job table. Where a unique constraint of ours
// already de-duplicates (a webhook event is stored once), the job needs no key or queue, so the route inserts
// the job row itself, in the same statement as the event row, and wakes the workers with the same NOTIFY
// add_job sends. This uses graphile-worker's internal table: graphile-worker is pinned to 0.18.0 and the
// payments tests run every webhook through this path. See docs/decisions/007.

const registered = new Map<string, Promise<void>>()

/** The task row the job table refers to exists once any job of that task was ever added; make sure of it. */
export function ensureTaskRegistered(db: Db, task: TaskName): Promise<void> {
  let p = registered.get(task)
  if (!p) {
    p =
      db.$executeRaw`INSERT INTO graphile_worker._private_tasks (identifier) VALUES (${task}) ON CONFLICT DO NOTHING`.then(
        () => undefined,
      )
    p.catch(() => registered.delete(task))
    registered.set(task, p)
  }
  return p
}
