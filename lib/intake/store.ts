import type { Db, DbTx } from '@/lib/db'
import { taskDefinitions } from '@/lib/jobs/definitions'
import { ensureTaskRegistered } from '@/lib/jobs/hot-path-enqueue'
import { isHandled } from './handled-types'
import type { TInboundEvent, TInboundSource } from './types'

export const PROCESS_TASK = 'process-inbound-event'
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * THE way an inbound fact enters the system, for webhooks and pollers alike (reconciliation, courier status, IMAP,
 * KSeF): stores the event once per (provider, event id) and queues its processing in ONE statement, so the row and
 * its job commit together in one round trip (see lib/jobs/hot-path-enqueue.ts and docs/decisions/007). A type no
 * handler acts on is stored IGNORED with no job. Returns false for an event already stored (nothing queued).
 *
 * Pollers: call this with their own `source` and a stable event id (e.g. `<shipment id>:<status>:<timestamp>`)
 * and register a handler for (provider, type) in lib/intake/handlers.ts; processing, reprocess, the order
 * timeline and /admin/webhooks then work for them as for webhooks.
 */
export async function recordInboundEvent(
  db: Db | DbTx,
  provider: string,
  event: TInboundEvent,
  source: TInboundSource = 'webhook',
): Promise<boolean> {
  const orderId = event.orderId && UUID.test(event.orderId) ? event.orderId : null
  const payload = JSON.stringify(event.payload)
  const eventId = event.eventId.slice(0, 300)
  const type = event.type.slice(0, 100)
  if (!isHandled(provider, type)) {
    const rows = await db.$queryRaw<{ id: string }[]>`
      INSERT INTO webhook_events (provider, event_id, type, status, source, payload, order_id, processed_at)
      VALUES (${provider}, ${eventId}, ${type}, 'IGNORED', ${source}, ${payload}::jsonb, ${orderId}::uuid, now())
      ON CONFLICT (provider, event_id) DO NOTHING
      RETURNING id::text`
    return rows.length > 0
  }
  const { maxAttempts } = taskDefinitions[PROCESS_TASK]
  await ensureTaskRegistered(db as Db, PROCESS_TASK)
  // A missing task row would make task_id NULL and fail the whole statement: never an event without its job.
  const rows = await db.$queryRaw<{ id: string }[]>`
    WITH ins AS (
      INSERT INTO webhook_events (provider, event_id, type, status, source, payload, order_id)
      VALUES (${provider}, ${eventId}, ${type}, 'RECEIVED', ${source}, ${payload}::jsonb, ${orderId}::uuid)
      ON CONFLICT (provider, event_id) DO NOTHING
      RETURNING id
    ), job AS (
      INSERT INTO graphile_worker._private_jobs (task_id, payload, max_attempts)
      SELECT (SELECT id FROM graphile_worker._private_tasks WHERE identifier = ${PROCESS_TASK}),
        json_build_object('webhookEventId', ins.id), ${maxAttempts}::smallint
      FROM ins
      RETURNING id
    ), wake AS (
      SELECT pg_notify('jobs:insert', '{"count":1}') FROM job
    )
    SELECT ins.id::text AS id, (SELECT count(*) FROM wake)::int AS woken FROM ins`
  return rows.length > 0
}
