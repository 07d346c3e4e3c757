import 'server-only'
import type { Db } from '@/lib/db'
import { isAppError } from '@/lib/errors'
import { STRIPE_EVENT_HANDLERS } from './events'
import type { ProcessingOutcome } from './outcome'

/**
 * Processes one stored Stripe event. Idempotent: a processed event is not processed again (unless staff reprocess
 * it), and every handler applies re-fetched provider state through idempotent, monotonic transitions anyway.
 * Every attempt and its outcome is recorded for the order timeline.
 */
export async function processStripeEvent(
  db: Db,
  webhookEventId: string,
  opts: { isLastAttempt?: boolean } = {},
): Promise<ProcessingOutcome | { outcome: 'skipped'; detail: string }> {
  const ev = await db.webhookEvent.findUnique({ where: { id: webhookEventId } })
  if (ev?.provider !== 'stripe') return { outcome: 'skipped', detail: 'no such stripe event' }
  if (ev.status === 'PROCESSED' || ev.status === 'IGNORED' || ev.status === 'REFUSED')
    return { outcome: 'skipped', detail: `already ${ev.status.toLowerCase()}` }
  const handler = ev.type ? STRIPE_EVENT_HANDLERS[ev.type] : undefined
  const objectId = ((ev.payload as { object?: { id?: unknown } } | null)?.object?.id ?? null) as string | null
  const started = Date.now()
  try {
    const result: ProcessingOutcome =
      handler && objectId
        ? await handler(db, { eventId: ev.eventId!, type: ev.type!, objectId }, `stripe:${ev.eventId}`)
        : { outcome: 'ignored', detail: `event type ${ev.type} is not one we act on` }
    await db.$transaction([
      db.webhookEvent.update({
        where: { id: ev.id },
        data: {
          status: result.outcome === 'ignored' ? 'IGNORED' : 'PROCESSED',
          processedAt: new Date(),
          orderId: ev.orderId ?? result.orderId ?? null,
        },
      }),
      db.eventProcessingAttempt.create({
        data: {
          webhookEventId: ev.id,
          outcome: result.outcome,
          detail: result.detail.slice(0, 2000),
          durationMs: Date.now() - started,
        },
      }),
    ])
    return result
  } catch (err) {
    const isFinal = opts.isLastAttempt || (isAppError(err) && !err.isRetryable)
    await db.$transaction([
      db.eventProcessingAttempt.create({
        data: {
          webhookEventId: ev.id,
          outcome: 'failed',
          detail: `${isFinal ? 'gave up: ' : 'will retry: '}${(err as Error).message}`.slice(0, 2000),
          durationMs: Date.now() - started,
        },
      }),
      ...(isFinal ? [db.webhookEvent.update({ where: { id: ev.id }, data: { status: 'FAILED' } })] : []),
    ])
    throw err
  }
}
