'use server'

import { revalidatePath } from 'next/cache'
import { z } from 'zod'
import { formAction } from '@/lib/actions/safe-action'
import { sendEmailAgain } from '@/lib/email/send-again'

export const resendEmailAction = formAction(
  'correspondence.send',
  z.object({ emailMessageId: z.uuid(), orderId: z.uuid().optional() }),
  async ({ emailMessageId, orderId }, { actor, audit }) => {
    await audit(
      {
        action: 'email.resend',
        target: { type: 'email_message', id: emailMessageId },
        after: async (tx) =>
          tx.emailMessage.findFirst({
            where: { resendOfId: emailMessageId },
            orderBy: { createdAt: 'desc' },
            select: { id: true, template: true, toAddress: true, orderId: true },
          }),
      },
      (db) => sendEmailAgain(db, { emailMessageId, actor: `staff:${actor.userId}` }),
    )
    if (orderId) revalidatePath(`/admin/orders/${orderId}`)
    revalidatePath('/admin/emails')
    return { ok: true, message: 'Queued: a new copy goes out in a moment.' }
  },
)
