import { z } from 'zod'
import { defineTask } from '@/lib/jobs/define'

export const ZOrderJob = z.object({ orderId: z.uuid() })

export const orderTaskDefinitions = {
  /** cancels an order still unpaid after UNPAID_ORDER_TTL_MINUTES and gives its stock back */
  'release-unpaid-order': defineTask({ schema: ZOrderJob, maxAttempts: 10 }),
  /** periodic safety net for orders whose release job was lost */
  'sweep-unpaid-orders': defineTask({ schema: z.object({}).passthrough(), maxAttempts: 3 }),
}
