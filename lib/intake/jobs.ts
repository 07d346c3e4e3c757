import { z } from 'zod'
import { defineTask } from '@/lib/jobs/define'

// The intake's one processing task (handlers in job-handlers.ts). Enqueued by recordInboundEvent in the statement
// that stores the event, and by staff "reprocess".
export const intakeTaskDefinitions = {
  'process-inbound-event': defineTask({ schema: z.object({ webhookEventId: z.uuid() }), maxAttempts: 10 }),
}
