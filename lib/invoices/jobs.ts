import { z } from 'zod'
import { defineTask } from '@/lib/jobs/define'

// Task definitions of the invoicing domain (name -> payload schema, retry policy); handlers in job-handlers.ts.
// 12 attempts with graphile-worker's backoff (exp(min(attempt, 10)) s) span about a day: enough for staff to fix
// what blocks an invoice (saving the fix also reschedules the waiting job to run at once).
export const invoiceTaskDefinitions = {
  /** subscriber of order.paid (job key order/<id>/invoice) */
  'issue-invoice': defineTask({ schema: z.object({ orderId: z.uuid() }), maxAttempts: 12 }),
  /** subscriber of refund.confirmed (job key refund/<id>/corrective) */
  'issue-corrective-invoice': defineTask({ schema: z.object({ refundId: z.uuid() }), maxAttempts: 12 }),
  /** subscriber of invoice.issued (job key invoice/<id>/pdf); stores the PDF and emits invoice.pdf_ready */
  'render-invoice-pdf': defineTask({ schema: z.object({ invoiceId: z.uuid() }), maxAttempts: 8 }),
}
