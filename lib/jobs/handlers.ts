import 'server-only'
import { accountingTaskHandlers } from '@/lib/accounting/job-handlers'
import { emailTaskHandlers } from '@/lib/email/job-handlers'
import { intakeTaskHandlers } from '@/lib/intake/job-handlers'
import { invoiceTaskHandlers } from '@/lib/invoices/job-handlers'
import { orderTaskHandlers } from '@/lib/orders/job-handlers'
import { paymentTaskHandlers } from '@/lib/payments/job-handlers'
import { shippingTaskHandlers } from '@/lib/shipping/job-handlers'
import type { TaskHandlers } from './define'
import type { taskDefinitions } from './definitions'

// Handlers stay thin: they call one domain function and must be idempotent (a job may run more than once).
export const taskHandlers: TaskHandlers<typeof taskDefinitions> = {
  ...intakeTaskHandlers,
  ...orderTaskHandlers,
  ...paymentTaskHandlers,
  ...invoiceTaskHandlers,
  ...emailTaskHandlers,
  ...accountingTaskHandlers,
  ...shippingTaskHandlers,
}
