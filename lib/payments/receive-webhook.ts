import 'server-only'
import { createHash } from 'node:crypto'
import type { Db } from '@/lib/db'
import { env } from '@/lib/env'
import { verifyStripeWebhook } from '@/lib/integrations/stripe'
import { taskDefinitions } from '@/lib/jobs/definitions'
import { ensureTaskRegistered } from '@/lib/jobs/hot-path-enqueue'
import { logger } from '@/lib/logger'
import { redactStripeEvent } from './redact'

export type WebhookAnswer = {
  status: number
  body: { received: boolean; duplicate?: boolean; error?: string }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * Verify -> store once -> enqueue, and nothing else on the request path. The event row and its processing job are
 * written by ONE statement (so they commit together, in one round trip): a duplicate delivery inserts nothing and
 * queues nothing. A forged, stale or altered delivery is refused with 400 and recorded for staff.
 */
export async function receiveStripeWebhook(
  db: Db,
  rawBody: string,
  signature: string | null,
): Promise<WebhookAnswer> {
  let event: ReturnType<typeof verifyStripeWebhook>
  try {
    if (!signature) throw new Error('missing Stripe-Signature header')
    event = verifyStripeWebhook(rawBody, signature, env.STRIPE_WEBHOOK_SECRET)
  } catch (err) {
    const reason = refusalReason(err)
    await recordRefusal(db, rawBody, reason)
    return { status: 400, body: { received: false, error: reason } }
  }
  const isNew = await storeStripeEvent(db, event, 'webhook')
  return { status: 200, body: { received: true, duplicate: !isNew } }
}

type StripeEventLike = { id: string; type: string; created?: number; data?: { object?: unknown } }

/**
 * Stores a verified event once (unique provider + event id) and queues its processing, in ONE statement: the row
 * and its job commit together, in one round trip (see lib/jobs/hot-path-enqueue.ts for why the job row is
 * inserted directly). Returns false for an event already stored (nothing queued).
 */
export async function storeStripeEvent(db: Db, event: StripeEventLike, source: 'webhook' | 'reconciliation') {
  const obj = (event.data?.object ?? {}) as { metadata?: Record<string, string> | null }
  const orderId = obj.metadata?.orderId && UUID.test(obj.metadata.orderId) ? obj.metadata.orderId : null
  const payload = JSON.stringify(redactStripeEvent(event))
  const { maxAttempts } = taskDefinitions['process-stripe-event']
  await ensureTaskRegistered(db, 'process-stripe-event')
  // A missing task row would make task_id NULL and fail the whole statement: never an event without its job.
  const rows = await db.$queryRaw<{ id: string }[]>`
    WITH ins AS (
      INSERT INTO webhook_events (provider, event_id, type, status, source, payload, order_id)
      VALUES ('stripe', ${event.id}, ${event.type}, 'RECEIVED', ${source}, ${payload}::jsonb, ${orderId}::uuid)
      ON CONFLICT (provider, event_id) DO NOTHING
      RETURNING id
    ), job AS (
      INSERT INTO graphile_worker._private_jobs (task_id, payload, max_attempts)
      SELECT (SELECT id FROM graphile_worker._private_tasks WHERE identifier = 'process-stripe-event'),
        json_build_object('webhookEventId', ins.id), ${maxAttempts}::smallint
      FROM ins
      RETURNING id
    ), wake AS (
      SELECT pg_notify('jobs:insert', '{"count":1}') FROM job
    )
    SELECT ins.id::text AS id, (SELECT count(*) FROM wake)::int AS woken FROM ins`
  return rows.length > 0
}

function refusalReason(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err)
  if (/missing Stripe-Signature/i.test(msg)) return 'missing signature header'
  if (/tolerance/i.test(msg)) return 'timestamp outside the 300 s tolerance (stale or replayed)'
  if (/Unable to extract timestamp and signatures/i.test(msg)) return 'malformed signature header'
  if (/No signatures found matching/i.test(msg))
    return 'signature does not match the body (forged, altered or wrong secret)'
  return `verification failed: ${msg.slice(0, 200)}`
}

/** Refused deliveries are kept for staff with what they claimed to be, never with their (untrusted) content. */
async function recordRefusal(db: Db, rawBody: string, reason: string) {
  let claimed: { id?: unknown; type?: unknown } = {}
  try {
    claimed = JSON.parse(rawBody)
  } catch {}
  const payload = {
    claimedId: typeof claimed.id === 'string' ? claimed.id.slice(0, 100) : null,
    claimedType: typeof claimed.type === 'string' ? claimed.type.slice(0, 100) : null,
    bodySha256: createHash('sha256').update(rawBody).digest('hex'),
    bodyBytes: Buffer.byteLength(rawBody),
  }
  logger.warn({ reason, ...payload }, 'stripe webhook refused')
  await db.webhookEvent.create({
    data: {
      provider: 'stripe',
      eventId: null,
      type: payload.claimedType,
      status: 'REFUSED',
      refusalReason: reason,
      payload,
    },
  })
}
