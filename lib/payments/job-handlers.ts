import 'server-only'
import { prisma } from '@/lib/db'
import { env } from '@/lib/env'
import type { TaskHandlers } from '@/lib/jobs/define'
import type { paymentTaskDefinitions } from './jobs'
import { processStripeEvent } from './process-event'
import { reconcilePayments } from './reconcile'
import { createStripeRefund } from './refunds'

export const paymentTaskHandlers: TaskHandlers<typeof paymentTaskDefinitions> = {
  'process-stripe-event': ({ webhookEventId }, ctx) =>
    processStripeEvent(prisma, webhookEventId, { isLastAttempt: ctx.attempt >= ctx.maxAttempts }),
  'create-stripe-refund': ({ refundId }) => createStripeRefund(prisma, refundId),
  'reconcile-payments': () => reconcilePayments(prisma, { olderThanMinutes: env.RECONCILE_AFTER_MINUTES }),
}
