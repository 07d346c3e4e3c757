import 'server-only'
import { AppError } from '@/lib/errors'
import type { TaskHandlers } from '@/lib/jobs/define'
import type { emailTaskDefinitions } from './jobs'

export const emailTaskHandlers: TaskHandlers<typeof emailTaskDefinitions> = {
  // placeholder until the email module lands (issue 5): fails permanently so nothing is silently dropped
  'send-email': async () => {
    throw new AppError('CONFIGURATION', 'email sending is not implemented yet', { isRetryable: false })
  },
}
