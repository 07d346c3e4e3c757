import { z } from 'zod'
import { defineTask } from '@/lib/jobs/define'

// Task definitions of the invoicing domain (name -> payload schema, retry policy); handlers in job-handlers.ts.
export const invoiceTaskDefinitions = {
  /** enqueued by the PAID transition (job key order/<id>/invoice) */
  'issue-invoice': defineTask({ schema: z.object({ orderId: z.uuid() }), maxAttempts: 12 }),
  /** enqueued when the provider confirms a refund (job key refund/<id>/corrective) */
  'issue-corrective-invoice': defineTask({ schema: z.object({ refundId: z.uuid() }), maxAttempts: 12 }),
}
