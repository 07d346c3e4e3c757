import type { z } from 'zod'
import { accountingTaskDefinitions } from '@/lib/accounting/jobs'
import { emailTaskDefinitions } from '@/lib/email/jobs'
import { intakeTaskDefinitions } from '@/lib/intake/jobs'
import { invoiceTaskDefinitions } from '@/lib/invoices/jobs'
import { orderTaskDefinitions } from '@/lib/orders/jobs'
import { paymentTaskDefinitions } from '@/lib/payments/jobs'
import { shippingTaskDefinitions } from '@/lib/shipping/jobs'

// Every background task: name -> payload schema and retry policy, collected from the domains. Handlers are
// collected separately (lib/jobs/handlers.ts) so domain code can enqueue jobs without importing the handlers.
export const taskDefinitions = {
  ...intakeTaskDefinitions,
  ...orderTaskDefinitions,
  ...paymentTaskDefinitions,
  ...invoiceTaskDefinitions,
  ...emailTaskDefinitions,
  ...accountingTaskDefinitions,
  ...shippingTaskDefinitions,
}

export type TaskName = keyof typeof taskDefinitions
export type TaskPayload<N extends TaskName> = z.input<(typeof taskDefinitions)[N]['schema']>
export const isTaskName = (n: string): n is TaskName => Object.hasOwn(taskDefinitions, n)
