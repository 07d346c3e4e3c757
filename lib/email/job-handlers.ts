import 'server-only'
import { prisma } from '@/lib/db'
import type { TaskHandlers } from '@/lib/jobs/define'
import { queueInvoiceEmail } from './invoice-emails'
import type { emailTaskDefinitions } from './jobs'
import { sendQueuedEmail } from './send-email'
import { checkIntegrationHealth } from './staff-alerts'

export const emailTaskHandlers: TaskHandlers<typeof emailTaskDefinitions> = {
  'queue-invoice-email': ({ invoiceId }) => prisma.$transaction((tx) => queueInvoiceEmail(tx, invoiceId)),
  'send-email': (p, ctx) => sendQueuedEmail(prisma, p.emailMessageId, ctx),
  'check-integration-health': () => checkIntegrationHealth(prisma),
}
