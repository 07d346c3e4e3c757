import 'server-only'
import { prisma } from '@/lib/db'
import { env } from '@/lib/env'
import type { TaskHandlers } from '@/lib/jobs/define'
import { enqueueJob } from '@/lib/jobs/enqueue'
import { expireOpenCheckouts } from '@/lib/payments/expire-checkouts'
import type { orderTaskDefinitions } from './jobs'
import { findOverdueUnpaidOrders, isReleaseDue, releaseUnpaidOrder } from './release-unpaid-order'

export const orderTaskHandlers: TaskHandlers<typeof orderTaskDefinitions> = {
  'release-unpaid-order': async ({ orderId }) => {
    const ttlMinutes = env.UNPAID_ORDER_TTL_MINUTES
    if (await isReleaseDue(prisma, orderId, ttlMinutes)) await expireOpenCheckouts(prisma, orderId)
    return releaseUnpaidOrder(prisma, orderId, { ttlMinutes })
  },

  'sweep-unpaid-orders': async () => {
    const ids = await findOverdueUnpaidOrders(prisma, env.UNPAID_ORDER_TTL_MINUTES)
    await prisma.$transaction(async (tx) => {
      for (const orderId of ids)
        await enqueueJob(tx, 'release-unpaid-order', { orderId }, { jobKey: `order/${orderId}/release` })
    })
    return { enqueued: ids.length }
  },
}
