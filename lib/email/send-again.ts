import 'server-only'
import { randomUUID } from 'node:crypto'
import type { Prisma } from '@/generated/prisma/client'
import type { Db } from '@/lib/db'
import { AppError } from '@/lib/errors'
import { queueEmail } from './queue-email'

/**
 * Staff resend: a new, deliberate send of an existing email (same template, props, recipient and attachments) with
 * its own idempotency key, linked to the original. Sign-in links are never stored, so they cannot be resent.
 */
export async function sendEmailAgain(db: Db, input: { emailMessageId: string; actor: string }) {
  return db.$transaction(async (tx) => {
    const original = await tx.emailMessage.findUnique({ where: { id: input.emailMessageId } })
    if (!original) throw new AppError('NOT_FOUND', 'This email does not exist.')
    if (!original.props || original.template === 'sign-in-link')
      throw new AppError('VALIDATION', 'Sign-in links cannot be resent; the customer can ask for a new one.')
    const { emailMessageId } = await queueEmail(tx, {
      template: original.template,
      to: original.toAddress,
      locale: original.locale,
      idempotencyKey: `${original.idempotencyKey}/resend/${randomUUID()}`,
      orderId: original.orderId,
      // copied as stored: sealed props stay sealed
      props: original.props as Record<string, unknown>,
      attachInvoiceIds: original.attachmentInvoiceIds,
      resendOfId: original.id,
    })
    if (original.orderId) {
      await tx.orderTimelineEntry.create({
        data: {
          orderId: original.orderId,
          kind: 'email.resend',
          message: `Email "${original.template}" queued again by ${input.actor}`,
          data: { emailMessageId, resendOfId: original.id } as Prisma.InputJsonValue,
        },
      })
    }
    return { emailMessageId }
  })
}
