import { z } from 'zod'
import { defineTask } from '@/lib/jobs/define'

// Task definitions of the email domain (name -> payload schema, retry policy); handlers in job-handlers.ts.
export const emailTaskDefinitions = {
  /** renders and sends one EmailMessage through Resend (idempotent: the message row's key is the provider key) */
  'send-email': defineTask({ schema: z.object({ emailMessageId: z.uuid() }), maxAttempts: 8 }),
}
