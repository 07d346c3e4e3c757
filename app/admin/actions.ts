'use server'

import { revalidatePath } from 'next/cache'
import { z } from 'zod'
import { formAction } from '@/lib/actions/safe-action'
import { prisma } from '@/lib/db'
import { retryJobFailure } from '@/lib/jobs/dead-letters'
import { cancelOrder } from '@/lib/orders/cancel-order'

export const cancelOrderAction = formAction(
  'staff',
  z.object({ orderId: z.uuid(), reason: z.string().max(500).optional() }),
  async ({ orderId, reason }, { actor }) => {
    await cancelOrder(prisma, orderId, { actor: `staff:${actor!.userId}`, reason })
    revalidatePath(`/admin/orders/${orderId}`)
    return { ok: true, message: 'Order cancelled; its stock is back on sale.' }
  },
)

export const retryJobAction = formAction(
  'staff',
  z.object({ failureId: z.uuid() }),
  async ({ failureId }) => {
    await retryJobFailure(prisma, failureId)
    revalidatePath('/admin/jobs')
    return { ok: true, message: 'Job queued again.' }
  },
)
