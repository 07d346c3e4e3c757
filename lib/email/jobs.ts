import { z } from 'zod'
import { defineTask } from '@/lib/jobs/define'

// Task definitions of the email domain (name -> payload schema, retry policy); handlers in job-handlers.ts.
export const emailTaskDefinitions = {
  /** renders and sends one EmailMessage through Resend (idempotent: the message row's key is the provider key) */
  /** subscriber of invoice.pdf_ready (job key invoice/<id>/email): queues the customer's email with the PDF */
  'queue-invoice-email': defineTask({ schema: z.object({ invoiceId: z.uuid() }), maxAttempts: 8 }),
  'send-email': defineTask({ schema: z.object({ emailMessageId: z.uuid() }), maxAttempts: 8 }),
  /** periodic (cron): alerts staff when a provider keeps failing or its webhooks keep being refused */
  'check-integration-health': defineTask({ schema: z.object({}).passthrough(), maxAttempts: 3 }),
}
