import 'server-only'
import { createHash } from 'node:crypto'
import { z } from 'zod'
import type { Db } from '@/lib/db'
import { env } from '@/lib/env'
import { isAppError } from '@/lib/errors'
import { taskDefinitions } from '@/lib/jobs/definitions'
import { ensureTaskRegistered } from '@/lib/jobs/hot-path-enqueue'
import { logger } from '@/lib/logger'
import { syncShipment } from './shipments'
import { isInRanges, normalizeIp } from './source-address'

// InPost webhooks are unsigned: accepted only from the configured source ranges, treated as a trigger only (the
// shipment is re-read from ShipX before anything changes), stored once per (shipment, event, status).

const ZInpostWebhook = z.object({
  event_ts: z.string().max(40).optional(),
  event: z.string().min(1).max(60),
  organization_id: z.coerce.number().int(),
  payload: z.object({
    shipment_id: z.coerce.number().int().positive(),
    status: z.string().max(60).nullish(),
    tracking_number: z.string().max(40).nullish(),
  }),
})

export type InpostWebhookAnswer = {
  status: number
  body: { received: boolean; duplicate?: boolean; error?: string }
}

export async function receiveInpostWebhook(
  db: Db,
  rawBody: string,
  sourceIp: string | null,
): Promise<InpostWebhookAnswer> {
  const ip = sourceIp ? normalizeIp(sourceIp) : null
  if (!ip || !isInRanges(ip, env.INPOST_WEBHOOK_SOURCES)) {
    const reason = `source address ${ip ?? 'unknown'} is not in INPOST_WEBHOOK_SOURCES`
    await recordRefusal(db, rawBody, reason, ip)
    return { status: 403, body: { received: false, error: 'source address not allowed' } }
  }
  let parsed: z.infer<typeof ZInpostWebhook>
  try {
    parsed = ZInpostWebhook.parse(JSON.parse(rawBody))
  } catch {
    await recordRefusal(db, rawBody, 'body is not an InPost webhook', ip)
    return { status: 400, body: { received: false, error: 'not an InPost webhook' } }
  }
  if (env.INPOST_ORGANIZATION_ID && parsed.organization_id !== env.INPOST_ORGANIZATION_ID) {
    await recordRefusal(db, rawBody, `organization ${parsed.organization_id} is not ours`, ip)
    return { status: 403, body: { received: false, error: 'unknown organization' } }
  }
  const p = parsed.payload
  const eventId = `${p.shipment_id}/${parsed.event}/${p.status ?? ''}`
  const shipment = await db.shipment.findFirst({
    where: { carrier: 'inpost', providerShipmentId: String(p.shipment_id) },
    select: { orderId: true },
  })
  const payload = JSON.stringify({
    event: parsed.event,
    event_ts: parsed.event_ts ?? null,
    organization_id: parsed.organization_id,
    payload: {
      shipment_id: p.shipment_id,
      status: p.status ?? null,
      tracking_number: p.tracking_number ?? null,
    },
    source_ip: ip,
  })
  const { maxAttempts } = taskDefinitions['process-inpost-event']
  await ensureTaskRegistered(db, 'process-inpost-event')
  const rows = await db.$queryRaw<{ id: string }[]>`
    WITH ins AS (
      INSERT INTO webhook_events (provider, event_id, type, status, source, payload, order_id)
      VALUES ('inpost', ${eventId}, ${parsed.event}, 'RECEIVED', 'webhook', ${payload}::jsonb, ${shipment?.orderId ?? null}::uuid)
      ON CONFLICT (provider, event_id) DO NOTHING
      RETURNING id
    ), job AS (
      INSERT INTO graphile_worker._private_jobs (task_id, payload, max_attempts)
      SELECT (SELECT id FROM graphile_worker._private_tasks WHERE identifier = 'process-inpost-event'),
        json_build_object('webhookEventId', ins.id), ${maxAttempts}::smallint
      FROM ins
      RETURNING id
    ), wake AS (
      SELECT pg_notify('jobs:insert', '{"count":1}') FROM job
    )
    SELECT ins.id::text AS id, (SELECT count(*) FROM wake)::int AS woken FROM ins`
  return { status: 200, body: { received: true, duplicate: rows.length === 0 } }
}

async function recordRefusal(db: Db, rawBody: string, reason: string, ip: string | null) {
  let claimed: { event?: unknown; payload?: { shipment_id?: unknown } } = {}
  try {
    claimed = JSON.parse(rawBody)
  } catch {}
  const payload = {
    claimedEvent: typeof claimed.event === 'string' ? claimed.event.slice(0, 60) : null,
    claimedShipmentId: typeof claimed.payload?.shipment_id === 'number' ? claimed.payload.shipment_id : null,
    sourceIp: ip,
    bodySha256: createHash('sha256').update(rawBody).digest('hex'),
    bodyBytes: Buffer.byteLength(rawBody),
  }
  logger.warn({ reason, ...payload }, 'inpost webhook refused')
  await db.webhookEvent.create({
    data: {
      provider: 'inpost',
      eventId: null,
      type: payload.claimedEvent,
      status: 'REFUSED',
      refusalReason: reason,
      payload,
    },
  })
}

/** The job: the event only says "look at shipment N"; what changes comes from ShipX itself. */
export async function processInpostEvent(
  db: Db,
  webhookEventId: string,
  ctx: { attempt: number; maxAttempts: number },
) {
  const ev = await db.webhookEvent.findUnique({ where: { id: webhookEventId } })
  if (ev?.provider !== 'inpost' || ev.status !== 'RECEIVED') return { skipped: ev?.status ?? 'missing' }
  const shipmentId = (ev.payload as { payload?: { shipment_id?: number } }).payload?.shipment_id
  const shipment = await db.shipment.findFirst({
    where: { carrier: 'inpost', providerShipmentId: String(shipmentId) },
  })
  const started = Date.now()
  const done = (status: 'PROCESSED' | 'IGNORED' | 'FAILED', outcome: string, detail: string) =>
    db.$transaction([
      db.webhookEvent.update({
        where: { id: ev.id },
        data: {
          status,
          processedAt: status === 'FAILED' ? null : new Date(),
          orderId: ev.orderId ?? shipment?.orderId ?? null,
        },
      }),
      db.eventProcessingAttempt.create({
        data: {
          webhookEventId: ev.id,
          outcome,
          detail: detail.slice(0, 2000),
          durationMs: Date.now() - started,
        },
      }),
    ])
  if (!shipment) {
    await done('IGNORED', 'ignored', `no shipment of ours has InPost id ${shipmentId}`)
    return { ignored: true }
  }
  try {
    const r = await syncShipment(db, shipment.id, 'webhook', ctx)
    await done('PROCESSED', 'processed', `re-read from ShipX: ${JSON.stringify(r)}`)
    return r
  } catch (err) {
    const isFinal = ctx.attempt >= ctx.maxAttempts || (isAppError(err) && !err.isRetryable)
    if (isFinal) await done('FAILED', 'failed', `gave up: ${(err as Error).message}`)
    else
      await db.eventProcessingAttempt.create({
        data: {
          webhookEventId: ev.id,
          outcome: 'failed',
          detail: `will retry: ${(err as Error).message}`.slice(0, 2000),
          durationMs: Date.now() - started,
        },
      })
    throw err
  }
}
