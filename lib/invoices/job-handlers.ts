import 'server-only'
import { prisma } from '@/lib/db'
import type { TaskHandlers } from '@/lib/jobs/define'
import { issueCorrectiveInvoice } from './issue-corrective-invoice'
import { issueInvoice } from './issue-invoice'
import type { invoiceTaskDefinitions } from './jobs'
import { storeInvoicePdf } from './store-invoice-pdf'

// Thin: each handler calls one idempotent domain function; a repeated job finds its work done and succeeds.
export const invoiceTaskHandlers: TaskHandlers<typeof invoiceTaskDefinitions> = {
  'issue-invoice': ({ orderId }) => issueInvoice(prisma, orderId),
  'issue-corrective-invoice': ({ refundId }) => issueCorrectiveInvoice(prisma, refundId),
  'render-invoice-pdf': ({ invoiceId }) => storeInvoicePdf(prisma, invoiceId),
}
