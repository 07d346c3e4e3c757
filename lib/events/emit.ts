import type { DbTx } from '@/lib/db'
import { enqueueJob } from '@/lib/jobs/enqueue'
import { type LifecycleEventName, type LifecycleEventPayload, lifecycleEvents } from './catalog'
import { subscribersOf } from './subscribers'

/**
 * Records a lifecycle event in the caller's transaction and enqueues every subscriber's job with it. An event
 * happens once (unique `name/key`): emitting it again (a duplicate webhook, a retried job) records and enqueues
 * nothing. Returns whether it was new.
 */
export async function emitLifecycleEvent<E extends LifecycleEventName>(
  tx: DbTx,
  name: E,
  payload: LifecycleEventPayload<E>,
): Promise<{ isNew: boolean }> {
  const def = lifecycleEvents[name]
  const data = def.schema.parse(payload) as LifecycleEventPayload<E>
  const key = `${name}/${(def.key as (p: unknown) => string)(data)}`
  const orderId = (data as { orderId?: string }).orderId ?? null
  const rows = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO lifecycle_events (name, key, order_id, payload)
    VALUES (${name}, ${key}, ${orderId}::uuid, ${JSON.stringify(data)}::jsonb)
    ON CONFLICT (key) DO NOTHING RETURNING id::text`
  if (rows.length === 0) return { isNew: false }
  for (const s of subscribersOf(name))
    await enqueueJob(tx, s.task, s.payload(data as never) as never, { jobKey: s.jobKey(data as never) })
  return { isNew: true }
}
