import { z } from 'zod'
import { defineTask } from '@/lib/jobs/define'

// Task definitions of the accounting domain; handlers in job-handlers.ts.
export const accountingTaskDefinitions = {
  /** enqueued with the RUNNING export row (job key accounting-export/<id>) */
  'build-accounting-export': defineTask({ schema: z.object({ exportId: z.uuid() }), maxAttempts: 5 }),
  /** crontab (worker/index.ts), daily: the closed month's first export, new versions of changed months */
  'sweep-accounting-exports': defineTask({ schema: z.object({}).passthrough(), maxAttempts: 3 }),
}
