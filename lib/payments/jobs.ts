import type { defineTask } from '@/lib/jobs/define'

// Task definitions of the payments domain; handlers in job-handlers.ts.
export const paymentTaskDefinitions = {} satisfies Record<string, ReturnType<typeof defineTask>>
