import { z } from 'zod'
import { defineTask } from '@/lib/jobs/define'

// Task definitions of the shipping domain; handlers in job-handlers.ts.
export const shippingTaskDefinitions = {
  /** books one shipment with its carrier (job key shipment/<id>/create); provider outages retry with backoff */
  'create-shipment': defineTask({ schema: z.object({ shipmentId: z.uuid() }), maxAttempts: 8 }),
  /** follows a booked shipment to confirmed (re-queued while the provider prepares it) */
  'sync-shipment': defineTask({ schema: z.object({ shipmentId: z.uuid() }), maxAttempts: 8 }),
  /** fetches the label PDFs of a confirmed shipment and stores them */
  'store-shipment-labels': defineTask({ schema: z.object({ shipmentId: z.uuid() }), maxAttempts: 8 }),
  'cancel-shipment': defineTask({ schema: z.object({ shipmentId: z.uuid() }), maxAttempts: 6 }),
  /** applies one stored InPost webhook: re-reads the shipment from ShipX and applies that */
  'process-inpost-event': defineTask({ schema: z.object({ webhookEventId: z.uuid() }), maxAttempts: 10 }),
  /** cron: queues a status poll for Apaczka shipments and InPost shipments quiet for too long */
  'poll-shipments': defineTask({ schema: z.object({}).passthrough(), maxAttempts: 3 }),
  'poll-shipment': defineTask({ schema: z.object({ shipmentId: z.uuid() }), maxAttempts: 3 }),
}
