import 'server-only'
import type { z } from 'zod'
import { prisma } from '@/lib/db'
import { env } from '@/lib/env'
import { findOverdueUnpaidOrders, releaseUnpaidOrder } from '@/lib/orders/release-unpaid-order'
import { type TaskName, taskDefinitions } from './definitions'
import { enqueueJob } from './enqueue'

export type TaskContext = { jobId: string; attempt: number; maxAttempts: number; log: (msg: string) => void }
type Handler<N extends TaskName> = (
  payload: z.output<(typeof taskDefinitions)[N]['schema']>,
  ctx: TaskContext,
) => Promise<unknown>

// Handlers stay thin: they call one domain function and must be idempotent (a job may run more than once).
export const taskHandlers: { [N in TaskName]: Handler<N> } = {
  'release-unpaid-order': async ({ orderId }) =>
    releaseUnpaidOrder(prisma, orderId, { ttlMinutes: env.UNPAID_ORDER_TTL_MINUTES }),

  'sweep-unpaid-orders': async () => {
    const ids = await findOverdueUnpaidOrders(prisma, env.UNPAID_ORDER_TTL_MINUTES)
    await prisma.$transaction(async (tx) => {
      for (const orderId of ids)
        await enqueueJob(tx, 'release-unpaid-order', { orderId }, { jobKey: `order/${orderId}/release` })
    })
    return { enqueued: ids.length }
  },
}

export { taskDefinitions }
