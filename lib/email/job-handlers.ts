import 'server-only'
import { prisma } from '@/lib/db'
import { isAppError } from '@/lib/errors'
import type { TaskHandlers } from '@/lib/jobs/define'
import type { emailTaskDefinitions } from './jobs'
import { processResendEvent, recordEventFailure } from './process-resend-event'
import { sendQueuedEmail } from './send-email'
import { checkIntegrationHealth } from './staff-alerts'

export const emailTaskHandlers: TaskHandlers<typeof emailTaskDefinitions> = {
  'send-email': (p, ctx) => sendQueuedEmail(prisma, p.emailMessageId, ctx),
  'process-resend-event': async (p, ctx) => {
    try {
      return await processResendEvent(prisma, p.webhookEventId)
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err)
      const isLast = ctx.attempt >= ctx.maxAttempts || (isAppError(err) && !err.isRetryable)
      await recordEventFailure(prisma, p.webhookEventId, message, isLast).catch(() => {})
      throw err
    }
  },
  'check-integration-health': () => checkIntegrationHealth(prisma),
}
