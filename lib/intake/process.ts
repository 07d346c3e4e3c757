import 'server-only'
import type { Db } from '@/lib/db'
import { isAppError } from '@/lib/errors'
import { inboundHandlers } from './handlers'
import type { TProcessingOutcome } from './types'

export type TProcessResult = TProcessingOutcome | { outcome: 'skipped'; detail: string }

/**
 * The one processing task: loads a stored event and runs handlers[provider][type] on it. Idempotent: a processed
 * event is not processed again (unless staff reprocess it), and handlers apply re-fetched provider state through
 * idempotent, monotonic transitions anyway. Every attempt and its outcome is recorded for the order timeline;
 * the last failed attempt marks the event FAILED for staff.
 */
export async function processInboundEvent(
  db: Db,
  webhookEventId: string,
  opts: { isLastAttempt?: boolean } = {},
): Promise<TProcessResult> {
  const ev = await db.webhookEvent.findUnique({ where: { id: webhookEventId } })
  if (!ev) return { outcome: 'skipped', detail: 'no such event' }
  if (ev.status !== 'RECEIVED' && ev.status !== 'FAILED')
    return { outcome: 'skipped', detail: `already ${ev.status.toLowerCase()}` }
  const handler = ev.type ? inboundHandlers[ev.provider]?.[ev.type] : undefined
  const started = Date.now()
  try {
    const result: TProcessingOutcome =
      handler && ev.eventId
        ? await handler(
            db,
            {
              id: ev.id,
              provider: ev.provider,
              eventId: ev.eventId,
              type: ev.type!,
              source: ev.source,
              payload: ev.payload,
              orderId: ev.orderId,
            },
            `${ev.provider}:${ev.eventId}`,
          )
        : { outcome: 'ignored', detail: `event type ${ev.type} is not one we act on` }
    await db.$transaction([
      db.webhookEvent.update({
        where: { id: ev.id },
        data: {
          status:
            result.outcome === 'ignored' ? 'IGNORED' : result.outcome === 'refused' ? 'REFUSED' : 'PROCESSED',
          ...(result.outcome === 'refused' ? { refusalReason: result.detail.slice(0, 500) } : {}),
          processedAt: new Date(),
          orderId: ev.orderId ?? result.orderId ?? null,
          emailMessageId: ev.emailMessageId ?? result.emailMessageId ?? null,
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
