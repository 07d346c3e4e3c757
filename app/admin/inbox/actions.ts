'use server'

import { revalidatePath } from 'next/cache'
import { z } from 'zod'
import { formAction } from '@/lib/actions/safe-action'
import { prisma } from '@/lib/db'
import { linkMessageToOrder, replyToMessage, ZLinkMessage, ZReplyToMessage } from '@/lib/inbox/staff-actions'

export const replyToMessageAction = formAction(
  'correspondence.send',
  ZReplyToMessage,
  async (input, { audit }) => {
    const r = await audit(
      {
        action: 'inbox.reply',
        target: { type: 'inbound_message', id: input.inboundMessageId },
        after: { requestId: input.requestId, length: input.body.length },
      },
      (db) => replyToMessage(db, input),
    )
    revalidatePath(`/admin/inbox/${input.inboundMessageId}`)
    revalidatePath('/admin/inbox')
    return {
      ok: true,
      message: r.isNew ? 'Answer queued: it goes out in a moment.' : 'This answer was already sent.',
    }
  },
)

export const linkMessageAction = formAction('correspondence.send', ZLinkMessage, async (input, { audit }) => {
  const { orderId } = await audit(
    {
      action: 'inbox.link',
      target: { type: 'inbound_message', id: input.inboundMessageId },
      before: async (tx) =>
        tx.inboundMessage.findUnique({
          where: { id: input.inboundMessageId },
          select: { orderId: true, status: true },
        }),
      after: { orderNumber: input.orderNumber },
    },
    (db) => linkMessageToOrder(db, input),
  )
  revalidatePath(`/admin/inbox/${input.inboundMessageId}`)
  revalidatePath(`/admin/orders/${orderId}`)
  revalidatePath('/admin/inbox')
  return { ok: true, message: 'Linked to the order.' }
})

export const markReadAction = formAction(
  'correspondence.read',
  z.object({ id: z.uuid() }),
  async ({ id }) => {
    await prisma.inboundMessage.updateMany({ where: { id, readAt: null }, data: { readAt: new Date() } })
    revalidatePath('/admin/inbox')
    return { ok: true }
  },
)
