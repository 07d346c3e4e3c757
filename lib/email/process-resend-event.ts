import 'server-only'
import type { EmailStatus } from '@/generated/prisma/enums'
import type { Db } from '@/lib/db'
import type { TProcessingOutcome, TStoredEvent } from '@/lib/intake/types'
import { ZResendEvent } from './resend-event'
import { EMAIL_TAG } from './send-email'
import { DELIVERY_EVENTS, isDeliveryEvent, STATUS_RANK, statusesBefore } from './status'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * Applies one stored Resend delivery event to its EmailMessage (the intake's handler for every delivery type).
 * Status only moves forward (a late `email.sent` never overwrites `delivered` or `bounced`); bounces and complaints
 * go on the order's timeline as errors. The message is found by Resend's email id; our own id (sent as a tag) is
 * only a cross-check: a tag naming another message is refused. Only an event that overtakes the send job's
 * bookkeeping (no email id recorded yet on the tagged message) is matched by the tag. Safe to run twice.
 */
export async function processResendEvent(db: Db, ev: TStoredEvent): Promise<TProcessingOutcome> {
  const parsed = ZResendEvent.safeParse(ev.payload)
  if (!parsed.success || !isDeliveryEvent(parsed.data.type))
    return { outcome: 'ignored', detail: 'not a delivery event we track' }
  const event = parsed.data
  const target: EmailStatus = DELIVERY_EVENTS[event.type as keyof typeof DELIVERY_EVENTS]

  const tag = event.data.tags?.[EMAIL_TAG]
  const tagged = tag && UUID.test(tag) ? tag : null
  const byEmailId = await db.emailMessage.findUnique({ where: { providerMessageId: event.data.email_id } })
  if (byEmailId && tagged && tagged !== byEmailId.id)
    return {
      outcome: 'refused',
      detail: `tag names email message ${tagged}, but Resend's email id ${event.data.email_id} is message ${byEmailId.id}: not applied`,
      orderId: byEmailId.orderId,
    }
  let msg = byEmailId
  if (!msg && tagged) {
    const candidate = await db.emailMessage.findUnique({ where: { id: tagged } })
    if (candidate?.providerMessageId)
      return {
        outcome: 'refused',
        detail: `tag names email message ${tagged}, which Resend knows as ${candidate.providerMessageId}, not ${event.data.email_id}: not applied`,
        orderId: candidate.orderId,
      }
    msg = candidate
  }
  if (!msg) return { outcome: 'ignored', detail: 'no email message matches this event' }
  const m = msg

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
    if (!m.providerMessageId)
      await tx.emailMessage.updateMany({
        where: { id: m.id, providerMessageId: null },
        data: { providerMessageId: event.data.email_id },
      })
    const moved = await tx.emailMessage.updateMany({
      where: { id: m.id, status: { in: statusesBefore(target) } },
      data: {
        status: target,
        ...(target === 'DELIVERED' ? { deliveredAt: when } : {}),
        ...(STATUS_RANK[target] >= STATUS_RANK.SENT ? { sentAt: m.sentAt ?? when } : {}),
        ...(problem ? { lastError: problem.slice(0, 2000) } : {}),
      },
    })
    if (moved.count > 0 && problem && m.orderId) {
      await tx.orderTimelineEntry.create({
        data: {
          orderId: m.orderId,
          kind: target === 'BOUNCED' ? 'email.bounced' : 'email.complained',
          message: `Email "${m.template}" to ${m.toAddress}: ${problem}`.slice(0, 1000),
          isError: true,
          data: { emailMessageId: m.id, webhookEventId: ev.id },
        },
      })
    }
    return {
      outcome: 'processed' as const,
      detail: moved.count > 0 ? `${m.status} -> ${target}` : `kept ${m.status}: ${event.type} arrived late`,
      orderId: m.orderId,
      emailMessageId: m.id,
    }
  })
}
