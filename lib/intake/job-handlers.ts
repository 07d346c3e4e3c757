import 'server-only'
import { prisma } from '@/lib/db'
import type { TaskHandlers } from '@/lib/jobs/define'
import type { intakeTaskDefinitions } from './jobs'
import { processInboundEvent } from './process'

export const intakeTaskHandlers: TaskHandlers<typeof intakeTaskDefinitions> = {
  'process-inbound-event': ({ webhookEventId }, ctx) =>
    processInboundEvent(prisma, webhookEventId, { isLastAttempt: ctx.attempt >= ctx.maxAttempts }),
}
