import { z } from 'zod'
import { defineTask } from '@/lib/jobs/define'

// Task definitions of the payments domain; handlers in job-handlers.ts.
export const paymentTaskDefinitions = {
  /** a refund's provider call (any provider), outside the request (job key refund/<id>/create) */
  'create-refund': defineTask({ schema: z.object({ refundId: z.uuid() }), maxAttempts: 8 }),
  /** subscriber of payment.double (job key payment/<id>/duplicate-refund): gives a double payment back */
  'refund-double-payment': defineTask({ schema: z.object({ paymentId: z.uuid() }), maxAttempts: 8 }),
  /** polls every provider for what webhooks missed (scheduled, and on demand from /admin/webhooks) */
  'reconcile-payments': defineTask({
    schema: z.object({ reason: z.string().max(100).optional() }),
    maxAttempts: 3,
  }),
}
