import 'server-only'
import { prisma } from '@/lib/db'
import { env } from '@/lib/env'
import type { TaskHandlers } from '@/lib/jobs/define'
import { refundDoublePayment } from './double-payment'
import type { paymentTaskDefinitions } from './jobs'
import { reconcilePayments } from './reconcile'
import { createProviderRefund } from './refunds'

export const paymentTaskHandlers: TaskHandlers<typeof paymentTaskDefinitions> = {
  'create-refund': ({ refundId }) => createProviderRefund(prisma, refundId),
  'refund-double-payment': ({ paymentId }) => refundDoublePayment(prisma, paymentId),
  'reconcile-payments': () => reconcilePayments(prisma, { olderThanMinutes: env.RECONCILE_AFTER_MINUTES }),
}
