import 'server-only'
import type { EmailStatus } from '@/generated/prisma/enums'
import type { Db } from '@/lib/db'
import { AppError } from '@/lib/errors'
import { ZResendEvent } from './resend-webhook'
import { EMAIL_TAG } from './send-email'
import { DELIVERY_EVENTS, isDeliveryEvent, STATUS_RANK, statusesBefore } from './status'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export type ProcessOutcome = 'processed' | 'stale' | 'ignored' | 'already-processed'

/**
 * Applies one stored Resend delivery event to its EmailMessage. Status only moves forward (a late `email.sent`
 * never overwrites `delivered` or `bounced`); bounces and complaints go on the order's timeline as errors. The
 * message is found by our own id (sent as a tag, so an event that races the send job's bookkeeping still matches),
 * then by Resend's email id. Safe to run twice.
 */
export async function processResendEvent(
  db: Db,
  webhookEventId: string,
): Promise<{ outcome: ProcessOutcome }> {
  const started = Date.now()
  const ev = await db.webhookEvent.findUnique({ where: { id: webhookEventId } })
  if (ev?.provider !== 'resend')
    throw new AppError('NOT_FOUND', `resend event ${webhookEventId} does not exist`, { isRetryable: false })
  if (ev.status === 'PROCESSED' || ev.status === 'IGNORED') return { outcome: 'already-processed' }
  const parsed = ZResendEvent.safeParse(ev.payload)
  if (!parsed.success || !isDeliveryEvent(parsed.data.type))
    return finish(db, ev.id, started, 'ignored', 'not a delivery event we track')
  const event = parsed.data
  const target: EmailStatus = DELIVERY_EVENTS[event.type as keyof typeof DELIVERY_EVENTS]

  const tagged = event.data.tags?.[EMAIL_TAG]
  const msg =
    (tagged && UUID.test(tagged) ? await db.emailMessage.findUnique({ where: { id: tagged } }) : null) ??
    (await db.emailMessage.findUnique({ where: { providerMessageId: event.data.email_id } }))
  if (!msg) return finish(db, ev.id, started, 'ignored', 'no email message matches this event')

  const at = new Date(event.created_at)
  const when = Number.isNaN(at.getTime()) ? new Date() : at
  const bounce = event.data.bounce
  const problem =
    target === 'BOUNCED'
      ? `bounced (${[bounce?.type, bounce?.subType].filter(Boolean).join('/') || 'unknown'}): ${bounce?.message ?? ''}`.trim()
      : target === 'COMPLAINED'
        ? 'the recipient marked this email as spam'
        : null

  return db.$transaction(async (tx) => {
    if (!msg.providerMessageId)
      await tx.emailMessage.updateMany({
        where: { id: msg.id, providerMessageId: null },
        data: { providerMessageId: event.data.email_id },
      })
    const moved = await tx.emailMessage.updateMany({
      where: { id: msg.id, status: { in: statusesBefore(target) } },
      data: {
        status: target,
        ...(target === 'DELIVERED' ? { deliveredAt: when } : {}),
        ...(STATUS_RANK[target] >= STATUS_RANK.SENT ? { sentAt: msg.sentAt ?? when } : {}),
        ...(problem ? { lastError: problem.slice(0, 2000) } : {}),
      },
    })
    if (moved.count > 0 && problem && msg.orderId) {
      await tx.orderTimelineEntry.create({
        data: {
          orderId: msg.orderId,
          kind: target === 'BOUNCED' ? 'email.bounced' : 'email.complained',
          message: `Email "${msg.template}" to ${msg.toAddress}: ${problem}`.slice(0, 1000),
          isError: true,
          data: { emailMessageId: msg.id, webhookEventId: ev.id },
        },
      })
    }
    await tx.webhookEvent.update({
      where: { id: ev.id },
      data: { status: 'PROCESSED', processedAt: new Date(), emailMessageId: msg.id, orderId: msg.orderId },
    })
    const outcome: ProcessOutcome = moved.count > 0 ? 'processed' : 'stale'
    await tx.eventProcessingAttempt.create({
      data: {
        webhookEventId: ev.id,
        outcome: 'processed',
        detail:
          moved.count > 0 ? `${msg.status} -> ${target}` : `kept ${msg.status}: ${event.type} arrived late`,
        durationMs: Date.now() - started,
      },
    })
    return { outcome }
  })
}

async function finish(db: Db, id: string, started: number, outcome: 'ignored', detail: string) {
  await db.$transaction([
    db.webhookEvent.update({ where: { id }, data: { status: 'IGNORED', processedAt: new Date() } }),
    db.eventProcessingAttempt.create({
      data: { webhookEventId: id, outcome, detail, durationMs: Date.now() - started },
    }),
  ])
  return { outcome }
}

/** Called when processing fails: every failure is recorded; the last one marks the event FAILED for staff. */
export async function recordEventFailure(db: Db, id: string, error: string, isLast: boolean) {
  await db.$transaction([
    db.eventProcessingAttempt.create({
      data: { webhookEventId: id, outcome: 'failed', detail: error.slice(0, 1000), durationMs: 0 },
    }),
    ...(isLast ? [db.webhookEvent.update({ where: { id }, data: { status: 'FAILED' } })] : []),
  ])
}
