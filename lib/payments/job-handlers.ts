import 'server-only'
import { prisma } from '@/lib/db'
import { env } from '@/lib/env'
import type { TaskHandlers } from '@/lib/jobs/define'
import type { paymentTaskDefinitions } from './jobs'
import { reconcilePayments } from './reconcile'
import { createStripeRefund } from './refunds'

export const paymentTaskHandlers: TaskHandlers<typeof paymentTaskDefinitions> = {
  'create-stripe-refund': ({ refundId }) => createStripeRefund(prisma, refundId),
  'reconcile-payments': () => reconcilePayments(prisma, { olderThanMinutes: env.RECONCILE_AFTER_MINUTES }),
}
