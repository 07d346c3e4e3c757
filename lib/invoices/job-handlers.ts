import 'server-only'
import { AppError } from '@/lib/errors'
import type { TaskHandlers } from '@/lib/jobs/define'
import type { invoiceTaskDefinitions } from './jobs'

const notYet = async () => {
  throw new AppError('CONFIGURATION', 'invoicing is not implemented yet', { isRetryable: false })
}

export const invoiceTaskHandlers: TaskHandlers<typeof invoiceTaskDefinitions> = {
  'issue-invoice': notYet,
  'issue-corrective-invoice': notYet,
}
