import { z } from 'zod'
import { defineTask } from '@/lib/jobs/define'

// Task definitions of the payments domain; handlers in job-handlers.ts.
export const paymentTaskDefinitions = {
  /** the staff refund's provider call, outside the request (job key refund/<id>/create) */
  'create-stripe-refund': defineTask({ schema: z.object({ refundId: z.uuid() }), maxAttempts: 8 }),
  /** polls Stripe for what webhooks missed (scheduled, and on demand from /admin/webhooks) */
  'reconcile-payments': defineTask({
    schema: z.object({ reason: z.string().max(100).optional() }),
    maxAttempts: 3,
  }),
}
