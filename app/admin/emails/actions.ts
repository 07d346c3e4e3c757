'use server'

import { revalidatePath } from 'next/cache'
import { z } from 'zod'
import { formAction } from '@/lib/actions/safe-action'
import { prisma } from '@/lib/db'
import { sendEmailAgain } from '@/lib/email/send-again'

export const resendEmailAction = formAction(
  'staff',
  z.object({ emailMessageId: z.uuid(), orderId: z.uuid().optional() }),
  async ({ emailMessageId, orderId }, { actor }) => {
    await sendEmailAgain(prisma, { emailMessageId, actor: `staff:${actor!.userId}` })
    if (orderId) revalidatePath(`/admin/orders/${orderId}`)
    revalidatePath('/admin/emails')
    return { ok: true, message: 'Queued: a new copy goes out in a moment.' }
  },
)
